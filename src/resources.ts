// Every resource (register) of the app, in menu order. Names are the database tables. Every
// register the person may read gets generated screens (grid, form, record page) from its
// metadata, labelled by its table comment; only the to-dos, reports and jobs are hand-written.
import type { ResourceProps } from '@refinedev/core';
import { labelOf, type RegisterMeta } from './modules/registers/model/register-meta';

const handWritten: ResourceProps[] = [
  { name: 'notifications', list: '/notifications' },
  { name: 'monthly_reports', list: '/reports' },
  { name: 'scheduled_jobs', list: '/jobs' },
];

// Kept out of the menu: saved views are settings of the grid itself.
const notInMenu = new Set(['register_views']);

// The service loop first, then the rest in the database's order.
const menuOrder = ['customers', 'contacts', 'service_requests', 'return_visits', 'access_requests', 'reception_roster', 'departments', 'operators'];

export function appResources(registers: RegisterMeta[], language: string): ResourceProps[] {
  const taken = new Set(handWritten.map((r) => r.name));
  const rank = (name: string) => (menuOrder.includes(name) ? menuOrder.indexOf(name) : menuOrder.length);
  const generated = registers
    .filter((r) => !taken.has(r.name) && !notInMenu.has(r.name))
    .sort((a, b) => rank(a.name) - rank(b.name))
    .map<ResourceProps>((r) => ({
      name: r.name,
      list: `/r/${r.name}`,
      create: `/r/${r.name}/create`,
      edit: `/r/${r.name}/edit/:id`,
      show: `/r/${r.name}/show/:id`,
      meta: { label: labelOf(r, language) },
    }));
  const [notifications, reports, jobs] = handWritten;
  return [notifications, ...generated.slice(0, 5), reports, ...generated.slice(5), jobs];
}
