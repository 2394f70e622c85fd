// Native GTK dialogs of the app's own window on the Xvfb display, driven
// with xdotool as a user would with the keyboard (there is no window
// manager: each dialog is focused directly). The app opens them through
// the Wails runtime exactly as in production.
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export function xdo(...args) {
  return execFileSync('xdotool', args, { encoding: 'utf8' }).trim();
}

/** Waits for a visible window whose whole title matches the pattern. */
export async function dialogWindow(title, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const ids = xdo('search', '--onlyvisible', '--name', `^${title}$`).split('\n').filter(Boolean);
      if (ids.length) return ids[ids.length - 1];
    } catch {
      // not open yet
    }
    await sleep(200);
  }
  throw new Error(`no "${title}" dialog appeared`);
}

/** Waits until no visible window has the title any more. */
export async function dialogClosed(title, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      xdo('search', '--onlyvisible', '--name', `^${title}$`);
    } catch {
      return;
    }
    await sleep(200);
  }
  throw new Error(`the "${title}" dialog stayed open`);
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
export async function saveAs(title, path) {
  const id = await dialogWindow(title);
  xdo('windowfocus', '--sync', id);
  await step();
  xdo('key', '--clearmodifiers', 'ctrl+a');
  xdo('type', '--delay', '20', path);
  await step();
  xdo('key', 'Return');
  await dialogClosed(title);
}

/** Presses Escape in the dialog: the user cancels. */
export async function cancelDialog(title) {
  const id = await dialogWindow(title);
  xdo('windowfocus', '--sync', id);
  await step();
  xdo('key', 'Escape');
  await dialogClosed(title);
}
