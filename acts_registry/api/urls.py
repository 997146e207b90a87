"""API of the acts app: the register (list, detail), the authenticity check and the judge's
signing of an act. Each part lives in its own module; `acts/verify/` comes before
`acts/<id>/` only for readability (the int converter never matches "verify")."""

from acts_registry.api import drafting, register, verify

urlpatterns = [*verify.urlpatterns, *register.urlpatterns, *drafting.urlpatterns]
