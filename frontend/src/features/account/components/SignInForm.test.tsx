import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../../lib/i18n';
import { goError, renderApp } from '../../../testing/render';
import { SignInForm } from './SignInForm';

// The bound calls the sign-in form makes, answered here.
const go = vi.hoisted(() => ({
  ConfiguredServer: vi.fn(),
  LastAccount: vi.fn(),
  SignIn: vi.fn(),
  ForgotPassword: vi.fn(),
}));
vi.mock('../../../lib/bridge', () => ({ Go: go }));

const preset = 'https://support.quizzly.example';

beforeEach(async () => {
  await i18n.changeLanguage('en');
  vi.clearAllMocks();
  go.ConfiguredServer.mockResolvedValue(preset);
  go.LastAccount.mockResolvedValue(null);
  go.SignIn.mockResolvedValue({ email: 'ann@acme.example', signedIn: true });
});
afterEach(cleanup);

describe('sign-in form', () => {
  it('asks for e-mail and password only when the app is set up for a server', async () => {
    const u = userEvent.setup();
    renderApp(<SignInForm onServer={() => {}} />);
    const advanced = await screen.findByTestId('sign-in-advanced');
    expect(screen.queryByTestId('sign-in-server')).toBeNull();
    expect(screen.getByText(/Use the e-mail address from your invitation e-mail/)).toBeInTheDocument();
    expect(advanced).toHaveAttribute('aria-expanded', 'false');

    await u.type(screen.getByTestId('sign-in-email'), 'ann@acme.example');
    await u.type(screen.getByTestId('sign-in-password'), 'correct horse battery staple');
    await u.click(screen.getByTestId('sign-in-submit'));
    await waitFor(() => expect(go.SignIn).toHaveBeenCalledWith(preset, 'ann@acme.example', 'correct horse battery staple'));
  });

  it('shows the address under Advanced, and closing it goes back to the configured server', async () => {
    const u = userEvent.setup();
    renderApp(<SignInForm onServer={() => {}} />);
    await u.click(await screen.findByTestId('sign-in-advanced'));
    const server = screen.getByTestId('sign-in-server');
    expect(server).toHaveValue(preset);
    expect(screen.getByTestId('sign-in-advanced')).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText(`This app is set up for ${preset}. Change it only if your support team asks you to.`)).toBeInTheDocument();

    await u.clear(server);
    await u.type(server, 'https://other.example');
    await u.type(screen.getByTestId('sign-in-email'), 'ann@acme.example');
    await u.type(screen.getByTestId('sign-in-password'), 'pw');
    await u.click(screen.getByTestId('sign-in-submit'));
    await waitFor(() => expect(go.SignIn).toHaveBeenLastCalledWith('https://other.example', 'ann@acme.example', 'pw'));

    await u.click(screen.getByTestId('sign-in-advanced'));
    expect(screen.queryByTestId('sign-in-server')).toBeNull();
    await u.click(screen.getByTestId('sign-in-submit'));
    await waitFor(() => expect(go.SignIn).toHaveBeenLastCalledWith(preset, 'ann@acme.example', 'pw'));
  });

  it('never sends an address unseen: a last account on another server shows it', async () => {
    go.LastAccount.mockResolvedValue({ serverUrl: 'https://other.example', email: 'ann@acme.example' });
    renderApp(<SignInForm onServer={() => {}} />);
    await waitFor(() => expect(screen.getByTestId('sign-in-server')).toHaveValue('https://other.example'));
    expect(screen.getByTestId('sign-in-email')).toHaveValue('ann@acme.example');
  });

  it('shows the address when the server refused it', async () => {
    const u = userEvent.setup();
    go.SignIn.mockRejectedValueOnce(goError({ code: 'server_unreachable', reason: 'server_unreachable', field: 'serverUrl' }));
    renderApp(<SignInForm onServer={() => {}} />);
    await u.type(await screen.findByTestId('sign-in-email'), 'ann@acme.example');
    await u.type(screen.getByTestId('sign-in-password'), 'pw');
    await u.click(screen.getByTestId('sign-in-submit'));
    expect(await screen.findByTestId('sign-in-server')).toHaveValue(preset);
    expect(screen.getByText(/The server could not be reached/)).toBeInTheDocument();
  });

  it('asks for the address when the app is set up for none', async () => {
    go.ConfiguredServer.mockResolvedValue('');
    renderApp(<SignInForm onServer={() => {}} />);
    expect(await screen.findByTestId('sign-in-server')).toHaveValue('');
    expect(screen.queryByTestId('sign-in-advanced')).toBeNull();
    expect(screen.getByText(/Use the server address and e-mail from your invitation e-mail/)).toBeInTheDocument();
  });
});
