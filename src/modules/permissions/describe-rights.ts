// "What can this role do", in words: one line per register the holder has any right on, the
// actions grouped by scope ("客户：查看全部；新建、修改本人的" / "Customers: read all; create, update their own").
export type Right = { register: string; action: string; scope: string };

export type Words = {
  language: string;
  register(name: string): string;
  action(code: string): string;
  /** The scope as it follows the actions ("全部", "本部门的" / "all", "their department's"). */
  scope(code: string): string;
  actionOrder: readonly string[];
  scopeOrder: readonly string[];
};

export function describeRights(rights: readonly Right[], words: Words): { register: string; text: string }[] {
  const english = words.language === 'en';
  const registers = [...new Set(rights.map((r) => r.register))];
  return registers
    .map((register) => {
      const mine = rights.filter((r) => r.register === register);
      const byScope = [...words.scopeOrder]
        .reverse()
        .map((scope) => ({
          scope,
          actions: mine.filter((r) => r.scope === scope).map((r) => r.action).sort((a, b) => words.actionOrder.indexOf(a) - words.actionOrder.indexOf(b)),
        }))
        .filter((g) => g.actions.length > 0);
      const parts = byScope.map((g) => `${g.actions.map(words.action).join(english ? ', ' : '、')}${english ? ' ' : ''}${words.scope(g.scope)}`);
      return { register, label: words.register(register), text: `${words.register(register)}${english ? ': ' : '：'}${parts.join(english ? '; ' : '；')}` };
    })
    .sort((a, b) => a.label.localeCompare(b.label, english ? 'en' : 'zh-CN'))
    .map(({ register, text }) => ({ register, text }));
}
