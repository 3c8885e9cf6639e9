// Imported first by main.tsx, so it runs before the rest of the app is evaluated: the chunk of the
// screen being opened is asked for at once, beside the shell's own, not after the session check.
import { pageFor } from './route-pages';

void pageFor(window.location.pathname).load().catch(() => undefined);
