import type {
  Account,
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
