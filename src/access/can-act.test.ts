import { describe, expect, it } from 'vitest';
import type { Permission } from '../data/permissions/my-permissions';
import { canAct } from './can-act';

const clerk: Permission[] = [
  { register: 'departments', action: 'read', scope: 'all' },
  { register: 'operators', action: 'read', scope: 'all' },
];
const admin: Permission[] = [...clerk, { register: 'departments', action: 'create', scope: 'all' }, { register: 'departments', action: 'update', scope: 'all' }];

describe('menus and buttons follow the permission table', () => {
  it('shows a clerk the department list but no create or edit button', () => {
    expect(canAct(clerk, 'departments', 'list')).toBe(true);
    expect(canAct(clerk, 'departments', 'show')).toBe(true);
    expect(canAct(clerk, 'departments', 'create')).toBe(false);
    expect(canAct(clerk, 'departments', 'edit')).toBe(false);
  });

  it('shows the administrator create and edit where a permission row grants them', () => {
    expect(canAct(admin, 'departments', 'create')).toBe(true);
    expect(canAct(admin, 'departments', 'edit')).toBe(true);
    expect(canAct(admin, 'departments', 'delete')).toBe(false);
  });

  it('hides a register with no permission row at all', () => {
    expect(canAct(clerk, 'customers', 'list')).toBe(false);
  });

  it('refuses actions it does not know rather than guessing', () => {
    expect(canAct(admin, 'departments', 'export-everything')).toBe(false);
  });
});
