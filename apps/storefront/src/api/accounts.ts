import type {
  Account,
  EmailRequestAccepted,
  LoginBody,
  RegisterAccountBody,
  TokenPair,
  UpdateAccountBody,
} from '@shop/contracts';
import { api, publicApi } from './client';

export const register = (body: RegisterAccountBody) =>
  publicApi<Account>('/accounts', { method: 'POST', body });

export const login = (body: LoginBody) =>
  publicApi<TokenPair>('/auth/login', { method: 'POST', body });

export const logout = (refreshToken: string) =>
  publicApi<void>('/auth/logout', { method: 'POST', body: { refreshToken } });

export const getMe = () => api<Account>('/accounts/me');

export const updateAccount = (id: string, body: UpdateAccountBody) =>
  api<Account>(`/accounts/${encodeURIComponent(id)}`, { method: 'PATCH', body });

/** 202 whatever the email: the answer never tells whether an account has it. */
export const requestPasswordReset = (email: string) =>
  publicApi<EmailRequestAccepted>('/auth/password-reset', { method: 'POST', body: { email } });

/** 204, or 410 when the link is unknown, used or expired. */
export const confirmPasswordReset = (token: string, password: string) =>
  publicApi<void>('/auth/password-reset/confirm', { method: 'POST', body: { token, password } });

export const verifyEmail = (token: string) =>
  publicApi<void>('/auth/verify-email', { method: 'POST', body: { token } });

export const resendVerificationEmail = () =>
  api<EmailRequestAccepted>('/accounts/me/verification-email', { method: 'POST' });
