import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Go, type app, type portal } from '../../../lib/bridge';
import { onEvent } from '../../../lib/events';

export const accountKeys = {
  account: ['account'] as const,
  lastAccount: ['lastAccount'] as const,
  accessRequest: ['accessRequest'] as const,
  companyAccount: ['companyAccount'] as const,
  configuredServer: ['configuredServer'] as const,
  passwordLink: ['passwordLink'] as const,
};

export function useAccount() {
  return useQuery({ queryKey: accountKeys.account, queryFn: () => Go.Account() });
}

export function useLastAccount() {
  return useQuery({ queryKey: accountKeys.lastAccount, queryFn: () => Go.LastAccount(), staleTime: Infinity });
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { serverUrl: string; email: string; password: string }) => Go.SignIn(v.serverUrl, v.email, v.password),
    // A new account can change everything shown: cases, profile, categories.
    onSuccess: () => void qc.invalidateQueries(),
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => Go.SignOut(), onSuccess: () => void qc.invalidateQueries() });
}

/** The server the app is set up for ('' when none): the sign-in form then hides the address. */
export function useConfiguredServer() {
  return useQuery({ queryKey: accountKeys.configuredServer, queryFn: () => Go.ConfiguredServer(), staleTime: Infinity });
}

/**
 * The supportportal:// link from an invitation or reset e-mail waiting for
 * "Choose your password" (null when none; a refused link is the query's
 * error). It is asked again whenever another link reaches the app.
 */
export function usePasswordLink() {
  const qc = useQueryClient();
  useEffect(() => onEvent('link:opened', () => void qc.invalidateQueries({ queryKey: accountKeys.passwordLink })), [qc]);
  return useQuery({
    queryKey: accountKeys.passwordLink,
    queryFn: async (): Promise<app.PasswordLink | null> => (await Go.PasswordLink()) ?? null,
    staleTime: Infinity,
  });
}

/** Forgets the waiting link (Cancel, or Close under a refused one). */
export function useDismissPasswordLink() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => Go.DismissPasswordLink(),
    onSuccess: () => void qc.invalidateQueries({ queryKey: accountKeys.passwordLink }),
  });
}

/** Sets the password with the waiting link, then signs in as the person the server names. */
export function useSetPasswordFromLink() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { serverUrl: string; password: string }) => Go.SetPasswordFromLink(v.serverUrl, v.password),
    // Signed in (or not): the account, the cases and the link all change.
    onSuccess: () => void qc.invalidateQueries(),
  });
}

/** Asks the server to e-mail a password reset link. */
export function useForgotPassword() {
  return useMutation({ mutationFn: (v: { serverUrl: string; email: string }) => Go.ForgotPassword(v.serverUrl, v.email) });
}

/** The access request kept on this computer, with the server's answer once synced. */
export function useAccessRequest() {
  return useQuery({ queryKey: accountKeys.accessRequest, queryFn: () => Go.GetAccessRequest(), refetchInterval: 15000 });
}

export function useRequestAccess() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { serverUrl: string; request: portal.AccessRequest }) => Go.RequestAccess(v.serverUrl, v.request),
    onSuccess: () => void qc.invalidateQueries({ queryKey: accountKeys.accessRequest }),
  });
}

export function useForgetAccessRequest() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => Go.ForgetAccessRequest(),
    onSuccess: () => void qc.invalidateQueries({ queryKey: accountKeys.accessRequest }),
  });
}

/** The company's portal users as last fetched, and the changes waiting to be sent. */
export function useCompanyAccount() {
  return useQuery({ queryKey: accountKeys.companyAccount, queryFn: () => Go.GetCompanyAccount(), refetchInterval: 5000 });
}

export function useRequestPortalUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (r: portal.NewUserRequest) => Go.RequestPortalUser(r),
    onSuccess: () => void qc.invalidateQueries({ queryKey: accountKeys.companyAccount }),
  });
}

/** Deactivates an active user or reactivates a deactivated one. */
export function useTogglePortalUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (u: portal.AccountUser) => Go.SetPortalUserActive(u.id, u.portalAccess !== 'active'),
    onSuccess: () => void qc.invalidateQueries({ queryKey: accountKeys.companyAccount }),
  });
}

/** Removes a change the server refused from the list. */
export function useDismissRefusedChange() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => Go.DismissRefusedChange(id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: accountKeys.companyAccount }),
  });
}
