// Warns five minutes before a signed-in session ends for want of use (SESSION_IDLE_MINUTES), offers to stay
// signed in, and keeps the session going while the person types, so that a long answer is not lost. Open
// tabs tell each other when the session was last used. A session also ends SESSION_HOURS after signing in,
// which no use moves ("final"): then the warning says so, once, and offers only to carry on and save.
// Without JavaScript the session simply ends.
const WARN_MS = 5 * 60_000;
/** The server counts a use at most once a minute; typing tells it no more often than that. */
const USE_EVERY_MS = 60_000;

/** @param {Document} document */
export function initSessionTimeout(document) {
  const dialog = /** @type {HTMLDialogElement | null} */ (document.getElementById('session-timeout'));
  if (!dialog || typeof dialog.showModal !== 'function') return;
  const idleMs = Number(dialog.dataset.idleMinutes) * 60_000;
  let endsAt = Date.now() + Number(dialog.dataset.secondsLeft) * 1000;
  let final = false;
  /** The final warning, once answered, is not shown again. */
  let finalSeen = false;
  const left = /** @type {NodeListOf<HTMLElement>} */ (dialog.querySelectorAll('.app-timeout-dialog__left'));
  const tabs = 'BroadcastChannel' in window ? new BroadcastChannel('opencoroner-session') : null;
  let timer = 0;
  let telling = false;

  const schedule = () => {
    clearTimeout(timer);
    const now = Date.now();
    // A second's grace: the server has certainly ended the session by then.
    if (now >= endsAt + 1000) {
      window.location.assign(window.location.href);
      return;
    }
    if (now < endsAt - WARN_MS) {
      if (dialog.open) dialog.close();
      timer = window.setTimeout(schedule, endsAt - WARN_MS - now);
      return;
    }
    if (finalSeen) {
      timer = window.setTimeout(schedule, endsAt + 1000 - now);
      return;
    }
    const minutes = Math.ceil((endsAt - now) / 60_000);
    for (const el of left) el.textContent = minutes > 1 ? `${minutes} minutes` : 'less than a minute';
    if (!dialog.open) dialog.showModal();
    timer = window.setTimeout(schedule, Math.min(15_000, Math.max(0, endsAt + 1000 - now)));
  };

  /** The end of a sign-in's longest time never moves, so once final, the session's end stays final. */
  const becomeFinal = () => {
    final = true;
    const parts = /** @type {NodeListOf<HTMLElement>} */ (
      dialog.querySelectorAll('[data-when-idle], [data-when-final]')
    );
    for (const el of parts) el.hidden = el.dataset.whenFinal === undefined;
  };

  const heard = (/** @type {number} */ at, /** @type {boolean} */ isFinal) => {
    if (isFinal && !final) becomeFinal();
    if (at > endsAt) endsAt = at;
    schedule();
  };

  /** Tells the server the session is in use; it answers how long the session now has. */
  const use = async () => {
    if (telling || final) return;
    telling = true;
    try {
      const response = await fetch('/keep-signed-in', {
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
        cache: 'no-store',
        redirect: 'manual',
      });
      if (!response.ok) {
        window.location.assign(window.location.href);
        return;
      }
      const answer = await response.json();
      heard(Date.now() + answer.secondsLeft * 1000, answer.final);
      tabs?.postMessage({ endsAt, final });
    } catch {
      // Offline for now: nothing changes, so the warning comes back in time and the person can try again.
    } finally {
      telling = false;
    }
  };

  const stay = () => {
    dialog.close();
    if (final) {
      finalSeen = true;
      schedule();
    } else void use();
  };
  dialog.querySelector('[data-session-stay]')?.addEventListener('click', stay);
  dialog.querySelector('[data-session-continue]')?.addEventListener('click', stay);
  // Escape closes the warning, which is also staying signed in (or, at the final warning, carrying on).
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    stay();
  });
  document.addEventListener(
    'input',
    () => {
      if (Date.now() - (endsAt - idleMs) >= USE_EVERY_MS) void use();
    },
    true,
  );
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') schedule();
  });
  if (tabs) tabs.onmessage = (event) => heard(Number(event.data.endsAt), Boolean(event.data.final));
  if (dialog.dataset.final === 'true') becomeFinal();
  tabs?.postMessage({ endsAt, final });
  schedule();
}
