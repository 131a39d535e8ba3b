"""The telling-the-child pages: a child's sheet (and its PDF) for the charity workers of the
case, from the case's organisation's guidance, and the sections, their history and editing for
the charity's managers, each within their own organisation's guidance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from paramount.access.selectors import Permission, require_permission
from paramount.guidance import selectors, services
from paramount.guidance.forms import NewSectionForm, RetireForm, SectionForm, SheetChoiceForm
from paramount.guidance.models import AgeBand, LegalStatus, OffenceKind, SentenceBand
from paramount.guidance.pdf import sheet_pdf
from paramount.support import selectors as support_selectors


def _case_and_child(request, case_id: int, child_id: int):
    require_permission(viewer=request.user, permission=Permission.VIEW_SUPPORT_CASES)
    case = support_selectors.access_case(viewer=request.user, case_id=case_id)
    child = support_selectors.access_child(viewer=request.user, case=case, child_id=child_id)
    return case, child


def _sheet_form(request, case, child) -> tuple[SheetChoiceForm, dict | None]:
    """The choices form, pre-filled from the case and overridden by what the practitioner
    chose; with the choices when they are complete. Errors show only once they have chosen."""
    start = selectors.sheet_start(case=case, child=child, today=timezone.localdate())
    data = start.as_initial()
    names = list(SheetChoiceForm.base_fields)
    chosen = {name: request.GET[name] for name in names if name in request.GET}
    data.update(chosen)
    form = SheetChoiceForm(data, child_name=child.first_name)
    if form.is_valid():
        return form, form.choices()
    if not chosen:
        form = SheetChoiceForm(initial=data, child_name=child.first_name)
    return form, None


@require_GET
@login_required
def sheet(request, case_id: int, child_id: int):
    case, child = _case_and_child(request, case_id, child_id)
    form, choices = _sheet_form(request, case, child)
    sections = (
        selectors.guidance_sheet(organisation=case.organisation, **choices) if choices else []
    )
    if choices:
        selectors.sheet_audit(
            viewer=request.user,
            case=case,
            child=child,
            choices=choices,
            sections=sections,
            downloaded=False,
        )
    else:
        support_selectors.case_view_audit(viewer=request.user, case=case, page="guidance_form")
    pdf_query = urlencode(form.cleaned_data) if choices else ""
    return render(
        request,
        "guidance/sheet.html",
        {
            "case": case,
            "child": child,
            "form": form,
            "choices": choices,
            "age_band_label": AgeBand(choices["age_band"]).label if choices else "",
            "sections": sections,
            "pdf_query": pdf_query,
        },
    )


@require_GET
@login_required
def sheet_download(request, case_id: int, child_id: int):
    case, child = _case_and_child(request, case_id, child_id)
    form, choices = _sheet_form(request, case, child)
    if choices is None:
        # Incomplete choices: back to the page, which asks for what is missing.
        url = reverse("guidance:sheet", kwargs={"case_id": case.pk, "child_id": child.pk})
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    sections = selectors.guidance_sheet(organisation=case.organisation, **choices)
    selectors.sheet_audit(
        viewer=request.user,
        case=case,
        child=child,
        choices=choices,
        sections=sections,
        downloaded=True,
    )
    content = sheet_pdf(
        child_first_name=child.first_name,
        age_band_label=AgeBand(choices["age_band"]).label,
        sections=sections,
        organisation=case.organisation,
        made_on=timezone.localdate(),
    )
    response = HttpResponse(content, content_type="application/pdf")
    name = slugify(f"talking with {child.first_name} about prison") or "talking-about-prison"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def _labels() -> dict:
    """Choice labels for showing a section's conditions."""
    return {
        "age_bands": dict(AgeBand.choices),
        "legal_statuses": dict(LegalStatus.choices),
        "sentence_bands": dict(SentenceBand.choices),
        "offence_kinds": dict(OffenceKind.choices),
    }


def _described(section) -> list[tuple[str, str]]:
    labels = _labels()
    headings = {
        "age_bands": "Ages",
        "legal_statuses": "Remand or sentenced",
        "sentence_bands": "Sentence",
        "offence_kinds": "Offence",
    }
    described = [
        (
            headings[name],
            ", ".join(labels[name][code] for code in codes if code in labels[name]) or "All",
        )
        for name, codes in section.conditions.items()
    ]
    if section.only_with_press_coverage:
        described.append(("Press or social media", "Only when there is coverage"))
    return described


@require_GET
@login_required
def sections(request):
    current = selectors.section_list(viewer=request.user)
    rows = [
        (section, [(heading, value) for heading, value in _described(section) if value != "All"])
        for section in current
    ]
    return render(request, "guidance/sections.html", {"rows": rows})


@require_GET
@login_required
def section(request, key: str, version: int | None = None):
    history = selectors.section_history(viewer=request.user, key=key)
    if version is None:
        shown = history[0]
    else:
        shown = next((v for v in history if v.version == version), None)
        if shown is None:
            raise Http404("No such version")
    return render(
        request,
        "guidance/section.html",
        {
            "shown": shown,
            "current": history[0],
            "history": history,
            "conditions": _described(shown),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def edit(request, key: str):
    current = selectors.section_history(viewer=request.user, key=key)[0]
    form = SectionForm(request.POST or None, initial=SectionForm.initial_for(current))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.section_edit(
                key=key,
                content=form.content(),
                change_note=form.cleaned_data["change_note"],
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
            )
        except services.GuidanceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Saved “{saved.title}” as version {saved.version}")
            return redirect("guidance:section", key=key)
    return render(request, "guidance/edit.html", {"current": current, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def add(request):
    selectors.guidance_organisation(viewer=request.user)
    form = NewSectionForm(request.POST or None, initial={"position": 200, "version": 0})
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.section_add(
                key=form.cleaned_data["key"],
                content=form.content(),
                change_note=form.cleaned_data["change_note"],
                acting_user=request.user,
            )
        except services.GuidanceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Added “{saved.title}”")
            return redirect("guidance:section", key=saved.key)
    return render(request, "guidance/edit.html", {"current": None, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def retire(request, key: str):
    current = selectors.section_history(viewer=request.user, key=key)[0]
    form = RetireForm(request.POST or None, initial={"version": current.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.section_retire(
                key=key,
                change_note=form.cleaned_data["change_note"],
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
            )
        except services.GuidanceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Retired “{current.title}”: it is on none of your organisation's sheets from now on",
            )
            return redirect("guidance:section", key=key)
    return render(request, "guidance/retire.html", {"current": current, "form": form})
