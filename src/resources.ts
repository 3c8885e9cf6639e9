// Every resource (register) of the app, in menu order. Names are the database tables.
import type { ResourceProps } from '@refinedev/core';

export const resources: ResourceProps[] = [
  { name: 'notifications', list: '/notifications' },
  { name: 'return_visits', list: '/return-visits' },
  { name: 'monthly_reports', list: '/reports' },
  { name: 'departments', list: '/departments', create: '/departments/create', edit: '/departments/edit/:id', show: '/departments/show/:id' },
  { name: 'operators', list: '/operators', create: '/operators/create', edit: '/operators/edit/:id', show: '/operators/show/:id' },
  { name: 'scheduled_jobs', list: '/jobs' },
];
