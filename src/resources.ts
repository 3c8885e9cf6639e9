// Refine's resources, one per register the person may read, in the menu groups and order the
// database declares. A register with a feature screen of its own (to-dos, reports, jobs) opens that
// screen; every other register opens its generated grid, form and record page.
import type { ResourceProps } from '@refinedev/core';
import { labelOf, type RegisterMeta } from './modules/registers/model/register-meta';
import { inLanguage } from './i18n/in-language';

const groupName = (key: string) => `menu-group:${key}`;

export function appResources(registers: readonly RegisterMeta[], language: string, featurePaths: ReadonlyMap<string, string>): ResourceProps[] {
  const inMenu = registers.filter((r) => r.menu).sort((a, b) => a.menu!.groupOrder - b.menu!.groupOrder || a.menu!.order - b.menu!.order);
  const groups = new Map<string, ResourceProps>();
  for (const r of inMenu) {
    const menu = r.menu!;
    groups.set(menu.group, { name: groupName(menu.group), meta: { label: inLanguage(menu.groupLabelZh, menu.groupLabelEn, language) } });
  }
  const screens = registers.map<ResourceProps>((r) => {
    const feature = featurePaths.get(r.name);
    const routes = feature
      ? { list: feature }
      : { list: `/r/${r.name}`, create: `/r/${r.name}/create`, edit: `/r/${r.name}/edit/:id`, show: `/r/${r.name}/show/:id` };
    return { name: r.name, ...routes, meta: { label: labelOf(r, language), parent: r.menu ? groupName(r.menu.group) : undefined, hide: !r.menu } };
  });
  const menuRank = new Map(inMenu.map((r, i) => [r.name, i]));
  screens.sort((a, b) => (menuRank.get(a.name) ?? Infinity) - (menuRank.get(b.name) ?? Infinity));
  return [...groups.values(), ...screens];
}

/** A feature screen of its own under a declared menu group (the staff handover under the organisation). */
export function featureResource(name: string, path: string, label: string, group: string): ResourceProps {
  return { name, list: path, meta: { label, parent: groupName(group) } };
}
