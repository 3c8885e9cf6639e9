// Every query key of the app in one place (as Supabase Studio does), under the signed-in person's id,
// so one person's answers are never served to the next and a write invalidates exactly its keys.
// Refine's own keys (["data", "default", <resource>, …] and ["access", …]) sit beside these.

type UserId = string | null | undefined;

export const keys = {
  /** Everything asked on behalf of anyone (forgotten at sign-in and sign-out). */
  people: () => ['person'] as const,
  /** Everything asked on behalf of this person. */
  person: (user: UserId) => ['person', user ?? 'anonymous'] as const,
  session: () => ['session'] as const,
  permissions: (user: UserId) => [...keys.person(user), 'permissions'] as const,
  registers: (user: UserId) => [...keys.person(user), 'registers'] as const,
  /** Which columns each kind of row asks for (forms per kind). */
  columnConditions: (user: UserId) => [...keys.person(user), 'column-conditions'] as const,
  /** Row pages, rights and reference labels of one register. */
  register: (user: UserId, register: string) => [...keys.person(user), 'register', register] as const,
  rowPage: (user: UserId, register: string, query: string, page: number, count: string) => [...keys.register(user, register), 'page', query, page, count] as const,
  rowRights: (user: UserId, register: string, rowKeys: readonly string[]) => [...keys.register(user, register), 'rights', ...rowKeys] as const,
  referenceLabels: (user: UserId, table: string) => [...keys.register(user, table), 'labels'] as const,
  /** Refine's list/one/many queries of a resource. */
  refineData: (register: string) => ['data', 'default', register] as const,
  refineAccess: () => ['access'] as const,
};
