// Who wants to know that a person pressed a link inside the app (the side menu, a dashboard card, a
// record's reference), before the router and React have rendered the screen it opens: its chunk and,
// for a register, its first page and their rights can then be on their way at the press, not after
// the new route rendered (a few hundred ms on a busy machine). The press (pointerdown) comes a moment
// before the click; a link followed by the keyboard has only the click. A second word for the same
// address asks nothing twice: the chunk is cached by the module system, the queries by their keys.
type Listener = (pathname: string, search: string) => void;

const listeners = new Set<Listener>();

export function onNavigationIntent(listener: Listener): void {
  listeners.add(listener);
}

/** What a press was on: the mouse button and keys, and the link (if any) under it. */
export type Press = { button: number; modified: boolean; href: string | null; target: string; download: boolean };

/** The in-app address a press would open in this tab (null: none, another tab or site, or where we are). */
export function intendedAddress(press: Press, here: string): { pathname: string; search: string } | null {
  if (press.button !== 0 || press.modified || press.href === null || press.download) return null;
  if (press.target !== '' && press.target !== '_self') return null;
  const url = new URL(press.href, here);
  const current = new URL(here);
  if (url.origin !== current.origin) return null;
  if (url.pathname === current.pathname && url.search === current.search) return null;
  return { pathname: url.pathname, search: url.search };
}

function pressOf(event: Event): Press {
  const mouse = event instanceof MouseEvent ? event : null;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  const anchor = link instanceof HTMLAnchorElement ? link : null;
  return {
    button: mouse?.button ?? 0,
    modified: !!mouse && (mouse.metaKey || mouse.ctrlKey || mouse.shiftKey || mouse.altKey),
    href: anchor?.href ?? null,
    target: anchor?.target ?? '',
    download: anchor?.hasAttribute('download') ?? false,
  };
}

function announce(event: Event): void {
  const address = intendedAddress(pressOf(event), window.location.href);
  if (!address) return;
  for (const listener of listeners) {
    try {
      listener(address.pathname, address.search);
    } catch {
      // A head start only: the screen asks for itself once it renders.
    }
  }
}

if (typeof document !== 'undefined') {
  // Capture phase: before the router's own click handler changes the address.
  document.addEventListener('pointerdown', announce, { capture: true });
  document.addEventListener('click', announce, { capture: true });
}
