import { describe, expect, it } from 'vitest';
import { intendedAddress, type Press } from './navigation-intent';

const here = 'http://127.0.0.1:5173/';
const press = (p: Partial<Press>): Press => ({ button: 0, modified: false, href: null, target: '', download: false, ...p });

describe('a press on a link inside the app', () => {
  it('names the address it opens, with the view in its query', () => {
    expect(intendedAddress(press({ href: 'http://127.0.0.1:5173/r/service_requests' }), here)).toEqual({ pathname: '/r/service_requests', search: '' });
    expect(intendedAddress(press({ href: '/r/complaints?filters=x' }), here)).toEqual({ pathname: '/r/complaints', search: '?filters=x' });
  });

  it('names nothing for a press that opens no screen of this tab', () => {
    expect(intendedAddress(press({}), here)).toBeNull(); // not on a link
    expect(intendedAddress(press({ href: '/r/a', button: 2 }), here)).toBeNull(); // the context menu
    expect(intendedAddress(press({ href: '/r/a', modified: true }), here)).toBeNull(); // Ctrl+click: another tab
    expect(intendedAddress(press({ href: '/r/a', target: '_blank' }), here)).toBeNull();
    expect(intendedAddress(press({ href: '/r/a', download: true }), here)).toBeNull();
    expect(intendedAddress(press({ href: 'https://example.org/r/a' }), here)).toBeNull(); // another site
    expect(intendedAddress(press({ href: '/r/a' }), 'http://127.0.0.1:5173/r/a')).toBeNull(); // where we are
  });
});
