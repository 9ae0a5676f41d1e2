// The account panel's strings in Russian and English, and what each Firebase error code means
// to the user (pure, so a unit test checks every code has a message in both languages).
import type { Lang } from '../app/i18n.ts';

/** The failures the account panel tells apart. */
export const AUTH_PROBLEMS = [
  'invalidCredential',
  'emailInUse',
  'credentialInUse',
  'weakPassword',
  'invalidEmail',
  'network',
  'tooManyRequests',
  'popupClosed',
  'unavailable',
  'unknown',
] as const;
export type AuthProblem = (typeof AUTH_PROBLEMS)[number];

const CODE_PROBLEM: Readonly<Record<string, AuthProblem>> = {
  'auth/invalid-credential': 'invalidCredential',
  'auth/invalid-login-credentials': 'invalidCredential',
  'auth/wrong-password': 'invalidCredential',
  'auth/user-not-found': 'invalidCredential',
  'auth/email-already-in-use': 'emailInUse',
  'auth/credential-already-in-use': 'credentialInUse',
  'auth/account-exists-with-different-credential': 'credentialInUse',
  'auth/provider-already-linked': 'credentialInUse',
  'auth/weak-password': 'weakPassword',
  'auth/invalid-email': 'invalidEmail',
  'auth/missing-email': 'invalidEmail',
  'auth/network-request-failed': 'network',
  'auth/too-many-requests': 'tooManyRequests',
  'auth/popup-closed-by-user': 'popupClosed',
  'auth/cancelled-popup-request': 'popupClosed',
  'auth/popup-blocked': 'popupClosed',
};

/** What went wrong, from a Firebase error (its `code`) or a failed start. */
export function authProblem(error: unknown): AuthProblem {
  if (error instanceof Error && error.name === 'ClientConfigUnavailableError') return 'unavailable';
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  return CODE_PROBLEM[code] ?? 'unknown';
}

export interface AccountMessages {
  readonly heading: string;
  readonly checking: string;
  readonly unavailable: string;
  readonly signedOut: string;
  readonly guest: string;
  readonly guestHint: string;
  /** `{name}` is the email or display name. */
  readonly signedInAs: string;
  /** `{uid}` is the Firebase uid. */
  readonly accountId: string;
  readonly signIn: string;
  readonly signUp: string;
  readonly saveAccount: string;
  readonly google: string;
  readonly googleLink: string;
  readonly signOut: string;
  readonly signOutGuestWarning: string;
  readonly email: string;
  readonly password: string;
  readonly displayName: string;
  readonly emulatorGoogle: string;
  readonly submitSignIn: string;
  readonly submitSignUp: string;
  readonly submitLink: string;
  readonly submitGoogle: string;
  readonly cancel: string;
  readonly problems: Readonly<Record<AuthProblem, string>>;
}

export const ACCOUNT_MESSAGES: Readonly<Record<Lang, AccountMessages>> = {
  en: {
    heading: 'Account',
    checking: 'Checking sign-in…',
    unavailable: 'Sign-in is not available offline yet. Recordings stay on this device.',
    signedOut:
      'Not signed in. Recordings stay on this device; the first upload creates a guest account.',
    guest: 'Guest account',
    guestHint: 'Create an account or link Google to keep your holograms on every device.',
    signedInAs: 'Signed in as {name}',
    accountId: 'Account ID: {uid}',
    signIn: 'Sign in',
    signUp: 'Create account',
    saveAccount: 'Save with email',
    google: 'Sign in with Google',
    googleLink: 'Link Google',
    signOut: 'Sign out',
    signOutGuestWarning:
      'Signing out of a guest account leaves its holograms unreachable. Sign out anyway?',
    email: 'Email',
    password: 'Password',
    displayName: 'Name',
    emulatorGoogle: 'Test Google account (Auth Emulator)',
    submitSignIn: 'Sign in',
    submitSignUp: 'Create account',
    submitLink: 'Save to this account',
    submitGoogle: 'Continue with Google',
    cancel: 'Cancel',
    problems: {
      invalidCredential: 'Wrong email or password.',
      emailInUse: 'This email already has an account. Sign in instead.',
      credentialInUse: 'This sign-in already belongs to another account.',
      weakPassword: 'The password needs at least 6 characters.',
      invalidEmail: 'That does not look like an email address.',
      network: 'No connection to the sign-in service. Try again when online.',
      tooManyRequests: 'Too many attempts. Wait a moment and try again.',
      popupClosed: 'The Google window was closed before signing in.',
      unavailable: 'Sign-in needs a connection the first time.',
      unknown: 'Sign-in failed. Try again.',
    },
  },
  ru: {
    heading: 'Аккаунт',
    checking: 'Проверяем вход…',
    unavailable: 'Вход пока недоступен без сети. Записи хранятся на этом устройстве.',
    signedOut:
      'Вы не вошли. Записи хранятся на этом устройстве; при первой выгрузке создаётся гостевой аккаунт.',
    guest: 'Гостевой аккаунт',
    guestHint:
      'Создайте аккаунт или привяжите Google, чтобы голограммы были на всех ваших устройствах.',
    signedInAs: 'Вы вошли как {name}',
    accountId: 'ID аккаунта: {uid}',
    signIn: 'Войти',
    signUp: 'Создать аккаунт',
    saveAccount: 'Сохранить по email',
    google: 'Войти через Google',
    googleLink: 'Привязать Google',
    signOut: 'Выйти',
    signOutGuestWarning:
      'После выхода из гостевого аккаунта его голограммы станут недоступны. Всё равно выйти?',
    email: 'Email',
    password: 'Пароль',
    displayName: 'Имя',
    emulatorGoogle: 'Тестовый аккаунт Google (эмулятор Auth)',
    submitSignIn: 'Войти',
    submitSignUp: 'Создать аккаунт',
    submitLink: 'Сохранить в этот аккаунт',
    submitGoogle: 'Продолжить с Google',
    cancel: 'Отмена',
    problems: {
      invalidCredential: 'Неверный email или пароль.',
      emailInUse: 'С этим email уже есть аккаунт. Войдите в него.',
      credentialInUse: 'Этот способ входа уже привязан к другому аккаунту.',
      weakPassword: 'Пароль должен быть не короче 6 символов.',
      invalidEmail: 'Это не похоже на адрес email.',
      network: 'Нет связи со службой входа. Попробуйте, когда появится сеть.',
      tooManyRequests: 'Слишком много попыток. Подождите немного.',
      popupClosed: 'Окно Google закрыто до входа.',
      unavailable: 'Для первого входа нужна сеть.',
      unknown: 'Не удалось войти. Попробуйте ещё раз.',
    },
  },
};
