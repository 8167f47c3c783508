#!/usr/bin/python3
"""An OAuth 1.0a provider for the e2e tests, shaped like Twitter's, whose protocol code is oauthlib's, not ours.

Run with Debian's /usr/bin/python3 (python3-oauthlib). Clients come as JSON in $OAUTH1_TEST_CLIENTS:
{"<consumer key>": {"secret": "...", "confirm_callback": true}}. Listens on 127.0.0.1:<free port> and prints
{"port": N} as its first line. Every request is signed and checked by oauthlib's endpoints, nonces are single-use.
"""
import hmac
import html
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

from oauthlib.oauth1 import (AccessTokenEndpoint, AuthorizationEndpoint, RequestTokenEndpoint, RequestValidator,
                             ResourceEndpoint)
from oauthlib.oauth1.rfc5849.errors import OAuth1Error

PROFILE = {  # what GET account/verify_credentials.json returns for the one user; id exceeds 2^53, as Twitter's do
    'id': 1442633440221876225,
    'id_str': '1442633440221876225',
    'name': 'Ada Lovelace',
    'screen_name': 'ada',
    'email': 'ada@example.test',
    'profile_image_url_https': 'https://pbs.twimg.com/profile_images/1/ada_normal.png',
}
LOOPBACK = {'localhost', '127.0.0.1', '::1'}


class Validator(RequestValidator):
    enforce_ssl = False  # loopback only
    realms = ['profile']

    def __init__(self, clients):
        super().__init__()
        self.clients = clients
        self.request_tokens = {}  # token -> client, secret, callback, realms, verifier
        self.access_tokens = {}  # token -> client, secret
        self.nonces = set()

    dummy_client = 'dummyclient0000000000000'
    dummy_request_token = 'dummyrequesttoken0000000'
    dummy_access_token = 'dummyaccesstoken00000000'

    def get_client_secret(self, client_key, request):
        return self.clients.get(client_key, {}).get('secret', 'dummy')

    def validate_client_key(self, client_key, request):
        return client_key in self.clients

    def validate_timestamp_and_nonce(self, client_key, timestamp, nonce, request, request_token=None,
                                     access_token=None):
        key = (client_key, timestamp, nonce, request_token, access_token)
        if key in self.nonces:
            return False
        self.nonces.add(key)
        return True

    def validate_redirect_uri(self, client_key, redirect_uri, request):
        # Any port, as RFC 8252 §7.3 asks of loopback redirects.
        url = urlsplit(redirect_uri)
        return url.scheme == 'http' and url.hostname in LOOPBACK and url.path == '/callback'

    def get_default_realms(self, client_key, request):
        return ['profile']

    def validate_requested_realms(self, client_key, realms, request):
        return set(realms) <= {'profile'}

    def save_request_token(self, token, request):
        self.request_tokens[token['oauth_token']] = {
            'client': request.client_key, 'secret': token['oauth_token_secret'],
            'callback': request.redirect_uri, 'realms': request.realms or ['profile'],
        }

    def verify_request_token(self, token, request):
        return token in self.request_tokens

    def verify_realms(self, token, realms, request):
        return set(realms) <= set(self.request_tokens[token]['realms'])

    def get_redirect_uri(self, token, request):
        return self.request_tokens[token]['callback']

    def get_realms(self, token, request):
        return self.request_tokens[token]['realms']

    def save_verifier(self, token, verifier, request):
        self.request_tokens[token]['verifier'] = verifier['oauth_verifier']

    def validate_request_token(self, client_key, token, request):
        entry = self.request_tokens.get(token)
        return bool(entry) and entry['client'] == client_key

    def get_request_token_secret(self, client_key, token, request):
        return self.request_tokens.get(token, {}).get('secret', 'dummy')

    def validate_verifier(self, client_key, token, verifier, request):
        expected = self.request_tokens.get(token, {}).get('verifier')
        return bool(expected) and hmac.compare_digest(expected, verifier)

    def invalidate_request_token(self, client_key, request_token, request):
        self.request_tokens.pop(request_token, None)

    def save_access_token(self, token, request):
        self.access_tokens[token['oauth_token']] = {'client': request.client_key, 'secret': token['oauth_token_secret']}

    def validate_access_token(self, client_key, token, request):
        entry = self.access_tokens.get(token)
        return bool(entry) and entry['client'] == client_key

    def get_access_token_secret(self, client_key, token, request):
        return self.access_tokens.get(token, {}).get('secret', 'dummy')

    def validate_realms(self, client_key, token, request, uri=None, realms=None):
        return True


def authorize_page(token):
    t = html.escape(token, quote=True)
    return f'''<!doctype html><html><head><title>Authorize app</title></head><body>
<h1>Authorize oauth-login to use your account?</h1>
<form method="post" action="/oauth/authorize"><input type="hidden" name="oauth_token" value="{t}">
<button id="allow" type="submit">Allow</button></form>
<a id="deny" href="/oauth/deny?oauth_token={t}">Deny</a></body></html>'''


class Provider:
    def __init__(self, clients):
        self.validator = Validator(clients)
        self.request_token = RequestTokenEndpoint(self.validator)
        self.authorization = AuthorizationEndpoint(self.validator)
        self.access_token = AccessTokenEndpoint(self.validator)
        self.resource = ResourceEndpoint(self.validator)
        self.lock = threading.Lock()  # one request at a time: the validator's tables are plain dicts

    def handle(self, method, uri, body, headers):
        """Returns (status, headers, body)."""
        path, query = urlsplit(uri).path, dict(parse_qsl(urlsplit(uri).query))
        if method == 'POST' and path == '/oauth/request_token':
            h, b, s = self.request_token.create_request_token_response(uri, method, body, headers)
            return s, h, self.unconfirmed(b) if s == 200 else b
        if method == 'GET' and path == '/oauth/authorize':
            if query.get('oauth_token') not in self.validator.request_tokens:
                return 400, {}, 'Unknown or used request token.'
            return 200, {'Content-Type': 'text/html; charset=utf-8'}, authorize_page(query['oauth_token'])
        if method == 'POST' and path == '/oauth/authorize':
            try:
                h, b, s = self.authorization.create_authorization_response(uri, method, body, headers)
            except OAuth1Error as e:
                return e.status_code, {}, e.urlencoded
            return s, h, b
        if method == 'GET' and path == '/oauth/deny':
            # Twitter's cancel: back to the callback with denied=<request token>, and the token is spent.
            entry = self.validator.request_tokens.pop(query.get('oauth_token'), None)
            if not entry:
                return 400, {}, 'Unknown or used request token.'
            separator = '&' if '?' in entry['callback'] else '?'
            return 302, {'Location': f"{entry['callback']}{separator}{urlencode({'denied': query['oauth_token']})}"}, None
        if method == 'POST' and path == '/oauth/access_token':
            h, b, s = self.access_token.create_access_token_response(uri, method, body, headers)
            return s, h, b
        if method == 'GET' and path == '/1.1/account/verify_credentials.json':
            valid, _ = self.resource.validate_protected_resource_request(uri, method, body, headers)
            if not valid:
                return 401, {'Content-Type': 'application/json'}, json.dumps(
                    {'errors': [{'code': 32, 'message': 'Could not authenticate you.'}]})
            profile = dict(PROFILE) if query.get('include_email') == 'true' else {
                k: v for k, v in PROFILE.items() if k != 'email'}
            return 200, {'Content-Type': 'application/json'}, json.dumps(profile)
        if method == 'GET' and path == '/_test/callback':
            # For the tests only: the callback a request token was issued for (the CLI's listener).
            entry = self.validator.request_tokens.get(query.get('oauth_token'))
            return (200, {}, entry['callback']) if entry else (404, {}, '')
        return 404, {}, 'Not found.'

    def unconfirmed(self, body):
        """For clients configured with confirm_callback false: answer like a pre-1.0a provider."""
        fields = dict(parse_qsl(body))
        client = self.validator.request_tokens[fields['oauth_token']]['client']
        if self.validator.clients[client].get('confirm_callback', True):
            return body
        fields.pop('oauth_callback_confirmed', None)
        return urlencode(fields)


def serve(provider):
    class Handler(BaseHTTPRequestHandler):
        def respond(self, method):
            length = int(self.headers.get('Content-Length') or 0)
            body = self.rfile.read(length).decode('utf-8') if length else ''
            uri = f"http://{self.headers['Host']}{self.path}"
            with provider.lock:
                status, headers, text = provider.handle(method, uri, body, dict(self.headers))
            data = (text or '').encode('utf-8')
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header('Content-Length', str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            self.respond('GET')

        def do_POST(self):
            self.respond('POST')

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    print(json.dumps({'port': server.server_address[1]}), flush=True)
    server.serve_forever()


if __name__ == '__main__':
    serve(Provider(json.loads(os.environ['OAUTH1_TEST_CLIENTS'])))
