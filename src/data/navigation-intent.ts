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

/** The in-app address a press on this event's target would open, if it opens one in this tab. */
function addressOf(event: Event): URL | null {
  if (event instanceof MouseEvent && (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)) return null;
  const target = event.target instanceof Element ? event.target : null;
  const link = target?.closest('a[href]');
  if (!(link instanceof HTMLAnchorElement) || (link.target !== '' && link.target !== '_self') || link.hasAttribute('download')) return null;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin) return null;
  if (url.pathname === window.location.pathname && url.search === window.location.search) return null;
  return url;
}

function announce(event: Event): void {
  const url = addressOf(event);
  if (!url) return;
  for (const listener of listeners) {
    try {
      listener(url.pathname, url.search);
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
