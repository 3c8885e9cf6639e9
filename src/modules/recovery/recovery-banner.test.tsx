// While the stack recovers (503 stack_recovering from the gateway) the app says so in the person's
// language and keeps asking; the banner goes with the first request that succeeds.
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isRecoveringError, onRecovered, recoveringState, retryQuery, watchedFetch } from '../../data/stack-recovery';
import { i18n } from '../../i18n/i18n';
import { RecoveryBanner } from './recovery-banner';

const recoveringAnswer = () =>
  new Response(JSON.stringify({ code: 'stack_recovering', message: '服务正在恢复，请稍候… | The service is recovering, please wait…', part: 'postgrest' }), {
    status: 503,
    headers: { 'content-type': 'application/json' },
  });

afterEach(async () => {
  // Put back what other unit tests share: a stack that answers, and Chinese.
  vi.stubGlobal('fetch', vi.fn(async () => new Response('[]', { status: 200 })));
  await watchedFetch('http://stack/rest/v1/x');
  vi.unstubAllGlobals();
  await i18n.changeLanguage('zh-CN');
});

describe('the stack recovering', () => {
  it('shows the banner in Chinese while a part restarts, and retries queries instead of failing them', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => recoveringAnswer()));
    const response = await watchedFetch('http://stack/rest/v1/customers');
    expect(response.status).toBe(503);
    expect(recoveringState()).toEqual({ part: 'postgrest' });
    expect(renderToStaticMarkup(<RecoveryBanner />)).toContain('服务正在恢复，请稍候…');
    expect(retryQuery(10, { code: 'stack_recovering' })).toBe(true);
    expect(isRecoveringError({ message: 'anything' })).toBe(true);
  });

  it('speaks English when the person chose English', async () => {
    await i18n.changeLanguage('en');
    vi.stubGlobal('fetch', vi.fn(async () => recoveringAnswer()));
    await watchedFetch('http://stack/rest/v1/customers');
    expect(renderToStaticMarkup(<RecoveryBanner />)).toContain('The service is recovering, please wait…');
  });

  it('goes away with the first request that succeeds, and lets failed queries be asked again', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => recoveringAnswer()));
    await watchedFetch('http://stack/rest/v1/customers');
    const recovered = vi.fn();
    const unsubscribe = onRecovered(recovered);
    vi.stubGlobal('fetch', vi.fn(async () => new Response('[]', { status: 200 })));
    await watchedFetch('http://stack/rest/v1/customers');
    unsubscribe();
    expect(recoveringState()).toBeNull();
    expect(recovered).toHaveBeenCalledTimes(1);
    expect(renderToStaticMarkup(<RecoveryBanner />)).toBe('');
    // An ordinary failure is retried once, as before.
    expect(retryQuery(1, { code: '42501', statusCode: 403 })).toBe(false);
    expect(retryQuery(0, { code: '42501', statusCode: 403 })).toBe(true);
  });

  it('shows the banner too when the stack does not answer at all (restarting as a whole)', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('fetch failed'))));
    await expect(watchedFetch('http://stack/rest/v1/customers')).rejects.toThrow('fetch failed');
    expect(recoveringState()).toEqual({ part: 'gateway' });
  });

  it('does not take another 503 (without the gateway’s code) for the stack recovering', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{"code":"PGRST000"}', { status: 503 })));
    await watchedFetch('http://stack/rest/v1/customers');
    expect(recoveringState()).toBeNull();
  });
});
