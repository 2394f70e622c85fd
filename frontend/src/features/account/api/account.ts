import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Go, type portal } from '../../../lib/bridge';

export const accountKeys = {
  account: ['account'] as const,
  lastAccount: ['lastAccount'] as const,
  accessRequest: ['accessRequest'] as const,
  companyAccount: ['companyAccount'] as const,
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
