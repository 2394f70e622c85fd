// Native GTK dialogs of the app's own window on the Xvfb display, driven
// with xdotool as a user would with the keyboard (there is no window
// manager: each dialog is focused directly). The app opens them through
// the Wails runtime exactly as in production.
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export function xdo(...args) {
  // (A window that closes while xdotool reads it makes Xlib print an error.)
  return execFileSync('xdotool', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

/**
 * Finds a dialog: by its whole title, or ({ pid }) the visible window of
 * that process other than the main window (the save dialog has no title).
 */
function find(which) {
  try {
    if (typeof which === 'string') return xdo('search', '--onlyvisible', '--name', `^${which}$`).split('\n').filter(Boolean).at(-1);
    const ids = xdo('search', '--onlyvisible', '--pid', String(which.pid)).split('\n').filter(Boolean);
    return ids.filter((id) => xdo('getwindowname', id) !== 'Support Portal').at(-1);
  } catch {
    return undefined; // xdotool exits 1 when nothing matches
  }
}

const label = (which) => (typeof which === 'string' ? `"${which}"` : `process ${which.pid}'s`);

/** Waits for the dialog (a title, or { pid }) to be open. */
export async function dialogWindow(which, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const id = find(which);
    if (id) return id;
    if (Date.now() > deadline) throw new Error(`no ${label(which)} dialog appeared`);
    await sleep(200);
  }
}

/** Waits until the dialog has closed. */
export async function dialogClosed(which, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (find(which)) {
    if (Date.now() > deadline) throw new Error(`the ${label(which)} dialog stayed open`);
    await sleep(200);
  }
}

// GTK reads keys only once the dialog has mapped and taken the focus, and
// the location bar completes asynchronously: short pauses between the
// steps, as a person's, keep the keys in order.
const step = () => sleep(400);

/**
 * Chooses a folder in the folder dialog: home first (the dialog opens on
 * Recent, where the location bar does not change folder), then the path in
 * the location bar, Enter to go into it and Enter to choose it.
 */
export async function chooseFolder(title, dir) {
  const id = await dialogWindow(title);
  xdo('windowfocus', '--sync', id);
  await step();
  xdo('key', '--clearmodifiers', 'alt+Home');
  await step();
  xdo('key', '--clearmodifiers', 'ctrl+l');
  await step();
  xdo('type', '--delay', '20', `${dir.replace(/\/$/, '')}/`);
  await step();
  xdo('key', 'Return'); // into the folder
  await step();
  xdo('key', 'Return'); // choose it
  await dialogClosed(title);
}

/** Types a whole path into the name box of the save dialog and saves. */
export async function saveAs(which, path) {
  const id = await dialogWindow(which);
  xdo('windowfocus', '--sync', id);
  await step();
  xdo('key', '--clearmodifiers', 'ctrl+a');
  xdo('type', '--delay', '20', path);
  await step();
  xdo('key', 'Return');
  await dialogClosed(which);
}

/** Presses Escape in the dialog: the user cancels. */
export async function cancelDialog(which) {
  const id = await dialogWindow(which);
  xdo('windowfocus', '--sync', id);
  await step();
  xdo('key', 'Escape');
  await dialogClosed(which);
}
