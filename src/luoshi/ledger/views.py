from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .models import Ledger


@login_required
def overview(request):
    ledgers = Ledger.objects.visible_to(request.user)
    return render(request, "ledger/overview.html", {"ledgers": ledgers})
