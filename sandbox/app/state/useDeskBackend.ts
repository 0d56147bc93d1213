/**
 * The plugin's backend client as the played agent holds it: their token (one per agent, fetched once), the
 * Functions' URL, and whether the Functions answer at all.
 */
import { useEffect, useMemo, useState, type MutableRefObject } from 'react';
import { createBackendClient, type BackendClient } from '../../../src/backend/client';
import { createReachability } from '../../../src/backend/reachability';
import { sandboxApi } from '../api';
import { useLatest } from './useLatest';

/** The Functions stop at 10 s; the page gives up before that and then re-reads the real state. */
const BACKEND_TIMEOUT_MS = 8000;
/**
 * The team view (issue 18) reads every pause of the contact centre and TaskRouter's workers: it may take the
 * Functions' whole 10 s on a busy machine, so its client waits that long and a little more.
 */
const TEAM_TIMEOUT_MS = 12_000;

export function useDeskBackend(me: string, meRef: MutableRefObject<string>, functionsUrl: string) {
  const [tokens, setTokens] = useState<Record<string, string>>({});
  useEffect(() => {
    if (tokens[me]) return;
    void sandboxApi.token(me).then((result) => setTokens((known) => ({ ...known, [me]: result.token })));
  }, [me, tokens]);

  // The client outlives agent switches: it asks for the token of whoever is played when it sends.
  const tokenRef = useLatest(tokens);
  const backend: BackendClient = useMemo(
    () =>
      createBackendClient({
        baseUrl: functionsUrl,
        getToken: () => tokenRef.current[meRef.current] ?? '',
        timeoutMs: BACKEND_TIMEOUT_MS,
      }),
    [functionsUrl, tokenRef, meRef],
  );

  const teamBackend: BackendClient = useMemo(
    () =>
      createBackendClient({
        baseUrl: functionsUrl,
        getToken: () => tokenRef.current[meRef.current] ?? '',
        timeoutMs: TEAM_TIMEOUT_MS,
      }),
    [functionsUrl, tokenRef, meRef],
  );

  // Whether the Functions answer: probed at start (a reload with them down says so at once) and after an
  // action got no answer, every few seconds until they do (src/backend/reachability).
  const reachability = useMemo(
    () => createReachability({ probe: () => backend.syncServerTime() }),
    [backend],
  );
  const [reachable, setReachable] = useState(true);
  useEffect(() => {
    const unsubscribe = reachability.subscribe(setReachable);
    void backend.syncServerTime().then((answered) => reachability.report(answered));
    return () => {
      unsubscribe();
      reachability.stop();
    };
  }, [backend, reachability]);

  return { tokens, backend, teamBackend, reachability, reachable };
}
