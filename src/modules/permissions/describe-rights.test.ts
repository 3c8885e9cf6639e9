import { describe, expect, it } from 'vitest';
import { describeRights, type Words } from './describe-rights';

const words = (language: string): Words => ({
  language,
  register: (n) => ({ customers: language === 'en' ? 'Customers' : '客户' })[n] ?? n,
  action: (a) => (language === 'en' ? a : ({ read: '查看', create: '新建', update: '修改' } as Record<string, string>)[a]),
  scope: (s) => (language === 'en' ? ({ all: 'all', own: 'their own', department: "their department's" } as Record<string, string>)[s] : ({ all: '全部', own: '本人的', department: '本部门的' } as Record<string, string>)[s]),
  actionOrder: ['read', 'create', 'update', 'delete'],
  scopeOrder: ['own', 'department', 'all'],
});

const rights = [
  { register: 'customers', action: 'update', scope: 'own' },
  { register: 'customers', action: 'read', scope: 'all' },
  { register: 'customers', action: 'create', scope: 'own' },
];

describe('what a role can do, in words', () => {
  it('groups a register’s actions by scope, widest first, in Chinese', () => {
    expect(describeRights(rights, words('zh-CN'))).toEqual([{ register: 'customers', text: '客户：查看全部；新建、修改本人的' }]);
  });
  it('and in English', () => {
    expect(describeRights(rights, words('en'))).toEqual([{ register: 'customers', text: 'Customers: read all; create, update their own' }]);
  });
});
