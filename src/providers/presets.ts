import type { ProviderSettings } from './types.js';

export const DEFAULT_REDIRECT_URI = 'http://localhost:5000/callback';

/**
 * The provider table. Data only: no secrets, no code. A config-file entry with the same name overrides fields.
 */
export const PRESETS = {
  google: {
    protocol: 'oidc',
    title: 'Google',
    issuer: 'https://accounts.google.com',
    scope: 'openid email profile',
    // Google issues a refresh token only with offline access, and again only on a fresh consent.
    authorization_params: { access_type: 'offline', prompt: 'consent' },
    register_url: 'https://console.cloud.google.com/apis/credentials',
  },
  github: {
    protocol: 'oauth2',
    title: 'GitHub',
    authorization_endpoint: 'https://github.com/login/oauth/authorize',
    token_endpoint: 'https://github.com/login/oauth/access_token',
    device_authorization_endpoint: 'https://github.com/login/device/code',
    profile_url: 'https://api.github.com/user',
    emails_url: 'https://api.github.com/user/emails',
    scope: 'read:user user:email',
    token_auth: 'client_secret_post',
    profile: 'github',
    register_url: 'https://github.com/settings/developers',
    git_username: 'x-access-token',
  },
  facebook: {
    protocol: 'oauth2',
    title: 'Facebook',
    authorization_endpoint: 'https://www.facebook.com/v21.0/dialog/oauth',
    token_endpoint: 'https://graph.facebook.com/v21.0/oauth/access_token',
    profile_url: 'https://graph.facebook.com/v21.0/me?fields=id,name,email,picture',
    profile_proof: 'appsecret_proof',
    scope: 'public_profile email',
    token_auth: 'client_secret_post',
    profile: 'facebook',
    register_url: 'https://developers.facebook.com/apps',
  },
  twitter: {
    protocol: 'oauth1',
    title: 'Twitter / X (OAuth 1.0a)',
    request_token_url: 'https://api.twitter.com/oauth/request_token',
    // `https://api.twitter.com/oauth/authenticate` (in a config file) skips the prompt for an app already allowed.
    authorize_url: 'https://api.twitter.com/oauth/authorize',
    access_token_url: 'https://api.twitter.com/oauth/access_token',
    profile_url: 'https://api.twitter.com/1.1/account/verify_credentials.json?include_email=true',
    profile: 'twitter',
    register_url: 'https://developer.x.com/en/portal/dashboard',
  },
  x: {
    protocol: 'oauth2',
    title: 'X (OAuth 2.0)',
    authorization_endpoint: 'https://x.com/i/oauth2/authorize',
    token_endpoint: 'https://api.x.com/2/oauth2/token',
    revocation_endpoint: 'https://api.x.com/2/oauth2/revoke',
    profile_url: 'https://api.x.com/2/users/me?user.fields=profile_image_url',
    // offline.access is what makes X issue a refresh token.
    scope: 'users.read tweet.read offline.access',
    profile: 'x',
    register_url: 'https://developer.x.com/en/portal/dashboard',
  },
  microsoft: {
    protocol: 'oidc',
    title: 'Microsoft',
    issuer: 'https://login.microsoftonline.com/{tenant}/v2.0',
    tenant: 'common',
    scope: 'openid profile email offline_access',
    register_url: 'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade',
  },
  gitlab: {
    protocol: 'oidc',
    title: 'GitLab',
    issuer: 'https://gitlab.com',
    scope: 'openid profile email',
    register_url: 'https://gitlab.com/-/user_settings/applications',
    git_username: 'oauth2',
  },
  oidc: {
    protocol: 'oidc',
    title: 'Any OpenID Provider (--issuer URL)',
    scope: 'openid profile email',
  },
  demo: {
    protocol: 'oidc',
    title: 'Demo provider (oauth-login demo-provider)',
    issuer: 'http://127.0.0.1:5055',
    client_id: 'demo',
    scope: 'openid profile email offline_access',
    authorization_params: { prompt: 'consent' },
  },
} as const satisfies Record<string, ProviderSettings>;

export type PresetName = keyof typeof PRESETS;

/** Presets with a self-hosted edition: their endpoints on `--host HOST`, as that edition's documentation gives them. */
export const HOST_TEMPLATES: Partial<Record<PresetName, ProviderSettings>> = {
  // GitHub Enterprise Server: the web flow on the host, the REST API under /api/v3.
  github: {
    protocol: 'oauth2',
    authorization_endpoint: 'https://{host}/login/oauth/authorize',
    token_endpoint: 'https://{host}/login/oauth/access_token',
    device_authorization_endpoint: 'https://{host}/login/device/code',
    profile_url: 'https://{host}/api/v3/user',
    emails_url: 'https://{host}/api/v3/user/emails',
  },
};

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}
