"""POST /oauth and POST /oauth/token: the password and refresh-token grants."""

from django.http import HttpRequest, JsonResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from oauth2_provider.views.mixins import OAuthLibMixin

from pde.pdn.services.oauth import pdn_token_payload, token_request_body


@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(
    sensitive_post_parameters("password", "client_secret", "refresh_token"), name="dispatch"
)
class TokenView(OAuthLibMixin, View):
    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, *args, **kwargs) -> JsonResponse:
        token_request_body(request)
        grant_type = request.POST.get("grant_type")
        if grant_type not in ("password", "refresh_token"):
            return JsonResponse(
                {
                    "code": "unsupported_grant_type",
                    "message": _("grant_type no soportado: use «password» o «refresh_token»."),
                },
                status=422,
            )
        _url, headers, body, status = self.create_token_response(request)
        status, payload = pdn_token_payload(status, body)
        response = JsonResponse(payload, status=status)
        response["Cache-Control"] = "no-store"
        response["Pragma"] = "no-cache"
        if status == 401:
            response["WWW-Authenticate"] = 'Basic realm="pde"'
        return response

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = JsonResponse(
            {"code": "method_not_allowed", "message": _("Use POST para solicitar un token.")},
            status=405,
        )
        response["Allow"] = "POST"
        return response


token = TokenView.as_view()
