// Imported first by main.tsx, so it runs before the rest of the app is evaluated: the chunk of the
// screen being opened is asked for at once, beside the shell's own, not after the session check.
// A link pressed inside the app starts its screen's chunk the same way (navigation-intent), and the
// registers' screen, the one most opened, is fetched and evaluated once the browser is idle after
// the first screen, so that a click on a register in the menu need not wait for it.
import { onNavigationIntent } from './data/navigation-intent';
import { pageFor, pages } from './route-pages';

void pageFor(window.location.pathname).load().catch(() => undefined);

onNavigationIntent((pathname) => void pageFor(pathname).load().catch(() => undefined));

const whenIdle = (run: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: 5000 }) : setTimeout(run, 2000));
window.addEventListener('load', () => whenIdle(() => void pages.registerList.load().catch(() => undefined)), { once: true });
