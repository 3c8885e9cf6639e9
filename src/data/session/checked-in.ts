// Who wants to know the moment a page's session check has passed (the password is not too old):
// the register screens start their first page then (modules/registers/grid/first-page.ts), while
// the layout renders. Providers sit below the modules, so the modules sign up here.
type Listener = (userId: string) => void;

const listeners = new Set<Listener>();

export function onCheckedIn(listener: Listener): void {
  listeners.add(listener);
}

export function checkedIn(userId: string): void {
  for (const listener of listeners) {
    try {
      listener(userId);
    } catch {
      // An early ask is only a head start: the screen asks again for itself.
    }
  }
}
