"""The RequestValidator of the e2e OAuth 1.0a provider (oauth1_server.py): in-memory clients, tokens and nonces."""
import hmac
from urllib.parse import urlsplit

from oauthlib.oauth1 import RequestValidator

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
