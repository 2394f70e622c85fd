import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../../lib/i18n';
import { goError, PathProbe, renderApp } from '../../../testing/render';
import { PasswordLinkDialog } from './PasswordLinkDialog';

// The bound calls of "Choose your password", answered here.
const go = vi.hoisted(() => ({
  PasswordLink: vi.fn(),
  DismissPasswordLink: vi.fn(),
  SetPasswordFromLink: vi.fn(),
}));
vi.mock('../../../lib/bridge', () => ({ Go: go }));

const server = 'https://support.quizzly.example';
const pw = 'correct horse battery staple';

beforeEach(async () => {
  await i18n.changeLanguage('en');
  vi.clearAllMocks();
  go.PasswordLink.mockResolvedValue({ server, confirmServer: false, minPasswordLength: 10 });
  go.DismissPasswordLink.mockResolvedValue(undefined);
});
afterEach(cleanup);

function open() {
  renderApp(
    <>
      <PasswordLinkDialog />
      <PathProbe />
    </>,
    { path: '/cases' },
  );
  return screen.findByRole('dialog', { name: 'Choose your password' });
}

describe('Choose your password', () => {
  it('sets the password on the link server, then shows the home screen', async () => {
    const u = userEvent.setup();
    const dialog = await open();
    expect(dialog).toHaveTextContent(`Server: ${server}`);
    expect(dialog).toHaveTextContent('At least 10 characters.');
    expect(within(dialog).queryByTestId('set-password-server')).toBeNull();

    // The two passwords must match before anything is sent.
    await u.type(within(dialog).getByTestId('set-password-new'), pw);
    await u.type(within(dialog).getByTestId('set-password-repeat'), pw + '!');
    await u.click(within(dialog).getByTestId('set-password-submit'));
    expect(await within(dialog).findByText('The two passwords are not the same.')).toBeInTheDocument();
    expect(go.SetPasswordFromLink).not.toHaveBeenCalled();

    // The server's rule comes back at the field.
    await u.clear(within(dialog).getByTestId('set-password-repeat'));
    await u.type(within(dialog).getByTestId('set-password-repeat'), pw);
    go.SetPasswordFromLink.mockRejectedValueOnce(goError({ code: 'invalid', reason: 'password_too_short', field: 'password', params: { min: '10' } }));
    await u.click(within(dialog).getByTestId('set-password-submit'));
    expect(await within(dialog).findByText('The password is too short.')).toBeInTheDocument();

    go.SetPasswordFromLink.mockResolvedValueOnce({ email: 'ann@acme.example', account: { email: 'ann@acme.example', signedIn: true } });
    go.PasswordLink.mockResolvedValue(null); // used up
    await u.click(within(dialog).getByTestId('set-password-submit'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(go.SetPasswordFromLink).toHaveBeenLastCalledWith(server, pw);
    await waitFor(() => expect(screen.getByTestId('path')).toHaveTextContent(/^\/$/));
  });

  it('says when the link is for another server, and Close forgets it', async () => {
    const u = userEvent.setup();
    go.PasswordLink.mockRejectedValue(
      goError({ code: 'invalid', reason: 'link_other_server', field: 'serverUrl', params: { value: 'https://evil.example', server } }),
    );
    const dialog = await open();
    expect(await within(dialog).findByTestId('link-error')).toHaveTextContent(
      `This link is for https://evil.example, but this app is set up for ${server}. Open the link in your browser instead.`,
    );
    go.PasswordLink.mockResolvedValue(null);
    // The dialog's own close button and the one under the message both say Close.
    expect(within(dialog).getAllByRole('button', { name: 'Close' })).toHaveLength(2);
    await u.click(within(dialog).getByTestId('link-error-close'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(go.DismissPasswordLink).toHaveBeenCalledTimes(1);
    expect(go.SetPasswordFromLink).not.toHaveBeenCalled();
  });

  it('lets the person check the server when the app knows none', async () => {
    const u = userEvent.setup();
    go.PasswordLink.mockResolvedValue({ server, confirmServer: true, minPasswordLength: 10 });
    const dialog = await open();
    const field = within(dialog).getByTestId('set-password-server');
    expect(field).toHaveValue(server);
    expect(dialog).toHaveTextContent('Check that it is the one named in your invitation e-mail.');
    await u.clear(field);
    await u.type(field, 'https://support.example.com');
    await u.type(within(dialog).getByTestId('set-password-new'), pw);
    await u.type(within(dialog).getByTestId('set-password-repeat'), pw);
    go.SetPasswordFromLink.mockResolvedValueOnce({ email: 'ann@acme.example', account: { signedIn: true } });
    await u.click(within(dialog).getByTestId('set-password-submit'));
    await waitFor(() => expect(go.SetPasswordFromLink).toHaveBeenCalledWith('https://support.example.com', pw));
  });

  it('says when the password is set but signing in did not work', async () => {
    const u = userEvent.setup();
    const dialog = await open();
    await u.type(within(dialog).getByTestId('set-password-new'), pw);
    await u.type(within(dialog).getByTestId('set-password-repeat'), pw);
    go.SetPasswordFromLink.mockResolvedValueOnce({ email: 'ann@acme.example', signInError: { code: 'conflict', reason: 'access_deactivated', message: 'x' } });
    go.PasswordLink.mockResolvedValue(null);
    await u.click(within(dialog).getByTestId('set-password-submit'));
    expect(await screen.findByTestId('set-password-signin-failed')).toHaveTextContent(
      'Your password for ann@acme.example is set, but signing in did not work: Your Customer Portal access has been deactivated',
    );
    await u.click(screen.getByRole('button', { name: 'Go to sign-in' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(screen.getByTestId('path')).toHaveTextContent('/account'));
  });
});
