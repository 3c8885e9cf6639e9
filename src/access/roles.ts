// The seven roles of the centre (SPEC: Who uses it), with the i18n key of each label.
import type { Database } from '../types/database.types';

export type AppRole = Database['public']['Enums']['app_role'];

export const appRoles: readonly AppRole[] = ['clerk', 'archivist', 'manager', 'director', 'deputy_gm', 'gm', 'admin'];

export const roleLabelKey = (role: AppRole): string => `roles.${role}`;
