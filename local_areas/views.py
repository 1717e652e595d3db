from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from config import clock
from config.govuk_forms import form_submit, long_date, posted
from config.pagination import numbered_page
from inspections.views.pages import area_inspections
from local_areas import services
from local_areas.forms import (
    AreaFilterForm,
    ContactEndForm,
    ContactForm,
    HealthPartnerForm,
    HealthPartnerLinkForm,
    LocalAreaForm,
)
from local_areas.selectors import (
    contact_get_for_user,
    local_area_get_for_user,
    local_area_list_for_user,
)
from policy import inspections as inspection_policy
from policy import local_areas as policy

PAGE_SIZE = 25

def area_list(request):
    if not (policy.can_generally(request.user, "list")
            or policy.can_generally(request.user, "see_own_area")):
        raise PermissionDenied
    form = AreaFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    areas = local_area_list_for_user(
        user=request.user,
        search=filters.get("q", ""),
        region=filters.get("region", ""),
        status=filters.get("status", ""),
        today=clock.today(),
    )
    page = numbered_page(areas, size=PAGE_SIZE, number=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "local_areas/list.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "filtered": any(filters.values()) if filters else False,
        "can_add": policy.can_generally(request.user, "add"),
        "today": clock.today(),
    })

def area_detail(request, pk: int):
    area = local_area_get_for_user(user=request.user, pk=pk)
    contacts = list(area.contacts.all())
    today = clock.today()
    current = [c for c in contacts if c.start_date <= today and (c.end_date is None
                                                                or c.end_date >= today)]
    return render(request, "local_areas/detail.html", {
        "area": area,
        "current_contacts": current,
        "contact_history": contacts,
        "can_change": policy.can(request.user, area, "change"),
        "can_see_self_evaluations": policy.can(request.user, area, "view_self_evaluations"),
        "can_record_engagement": inspection_policy.can_generally(request.user, "engagement"),
        "today": today,
        **area_inspections(user=request.user, local_area=area),
    })

@require_http_methods(["GET", "POST"])
def area_create(request):
    if not policy.can_generally(request.user, "add"):
        raise PermissionDenied
    form = LocalAreaForm(posted(request))
    done = form_submit(request, form, partial(services.local_area_create, by=request.user))
    if done:
        area = done.value
        messages.success(request, f"{area.name} was added to the register")
        return redirect("local_areas:detail", pk=area.pk)
    return render(request, "local_areas/form.html", {"form": form, "title": "Add a local area"})

@require_http_methods(["GET", "POST"])
def area_edit(request, pk: int):
    area = local_area_get_for_user(user=request.user, pk=pk, action="change")
    initial = {field: getattr(area, field) for field in services.AREA_FIELDS}
    form = LocalAreaForm(posted(request), initial=initial)
    if form_submit(request, form, partial(services.local_area_update, local_area=area,
                                          by=request.user)):
        messages.success(request, f"{area.name} was updated")
        return redirect("local_areas:detail", pk=area.pk)
    return render(request, "local_areas/form.html",
                  {"form": form, "area": area, "title": f"Change {area.name}"})

@require_http_methods(["GET", "POST"])
def contact_add(request, pk: int):
    area = local_area_get_for_user(user=request.user, pk=pk, action="change")
    form = ContactForm(posted(request), local_area=area,
                       initial={"role": request.GET.get("role")})
    done = form_submit(request, form, partial(services.contact_add, local_area=area,
                                              by=request.user))
    if done:
        contact = done.value
        messages.success(request, f"{contact.name} is {contact.get_role_display()} "
                                  f"from {long_date(contact.start_date)}")
        return redirect("local_areas:detail", pk=area.pk)
    return render(request, "local_areas/form.html",
                  {"form": form, "area": area, "title": f"Add a contact for {area.name}"})

@require_http_methods(["GET", "POST"])
def contact_end(request, pk: int):
    contact = contact_get_for_user(user=request.user, pk=pk, action="change")
    form = ContactEndForm(posted(request),
                          initial={"end_date": contact.end_date or clock.today()})
    if form_submit(request, form, partial(services.contact_end, contact=contact,
                                          by=request.user)):
        messages.success(request, f"{contact.name}'s role as {contact.get_role_display()} "
                                  f"ends on {long_date(form.cleaned_data['end_date'])}")
        return redirect("local_areas:detail", pk=contact.local_area_id)
    return render(request, "local_areas/contact_end.html", {"form": form, "contact": contact})

@require_http_methods(["GET", "POST"])
def health_partner_add(request, pk: int):
    area = local_area_get_for_user(user=request.user, pk=pk, action="change")
    form = HealthPartnerLinkForm(posted(request))
    done = form_submit(request, form, partial(services.health_partner_link, local_area=area,
                                              by=request.user))
    if done:
        messages.success(request, f"{done.value.health_partner} was added to {area.name}")
        return redirect("local_areas:detail", pk=area.pk)
    return render(request, "local_areas/form.html",
                  {"form": form, "area": area,
                   "title": f"Add a health partner for {area.name}"})


@require_http_methods(["GET", "POST"])
def health_partner_create(request):
    if not policy.can_generally(request.user, "add_health_partner"):
        raise PermissionDenied
    form = HealthPartnerForm(posted(request))
    done = form_submit(request, form, partial(services.health_partner_create, by=request.user))
    if done:
        messages.success(request, f"{done.value.name} was added. You can now link it to "
                                  f"the local areas it works with.")
        return redirect("local_areas:list")
    return render(request, "local_areas/form.html", {"form": form, "title": "Add a CCG or ICB"})
