"""The reviewer and editor screens: claim queue, article workspace, sign-off
queue, corrections and the audit trail.

Views validate input, call one service and render; the services decide what is
allowed and their refusals are shown as messages. Text from drafts, quotes,
notes and evidence reaches the page only through template autoescaping.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from checks.models import Claim, ClaimKind, ClaimStatus
from newsroom.errors import DomainError
from newsroom.models import Article, Draft
from newsroom.roles import EDITOR, REPORTER, REVIEWER, user_has_role

from . import actions, forms
from .marking import Mark, text_marked

QUEUE_PAGE_SIZE = 50
# How the screens group statuses for the progress bar; the publish gate's own
# rule is ``reviews.selectors.publish_blockers``.
DONE = frozenset({ClaimStatus.SIGNED_OFF, ClaimStatus.WAIVED})
RATED = frozenset(
    {
        ClaimStatus.VERIFIED,
        ClaimStatus.DISPUTED,
        ClaimStatus.FALSE,
        ClaimStatus.UNVERIFIABLE,
        ClaimStatus.NEEDS_CONTEXT,
    }
)


def _newsroom_member(request) -> None:
    if not user_has_role(request.user, REPORTER, REVIEWER, EDITOR):
        raise PermissionDenied


def _context(site, request, **extra):
    return {**site.each_context(request), **extra}


def status_badge(status: str) -> str:
    return ClaimStatus(status).label.upper()


# --- Claim queue -------------------------------------------------------------


def claim_queue(site, request):
    _newsroom_member(request)
    is_editor = user_has_role(request.user, EDITOR)
    filters = forms.QueueFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    view = data.get("view") or ("all" if is_editor else "mine")

    claims = actions.claim_queue(
        user=request.user,
        view=view,
        kind=data.get("kind") or None,
        article_id=data.get("article"),
    )
    counts = dict(
        claims.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    status = data.get("status") or None
    if status:
        claims = claims.filter(status=status)

    paginator = Paginator(claims, QUEUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    now = timezone.now()

    bulk_form = None
    if is_editor:
        bulk_form = forms.BulkAssignForm(claim_ids=[c.pk for c in rows])
        if request.method == "POST":
            bulk_form = forms.BulkAssignForm(
                request.POST, claim_ids=[c.pk for c in rows]
            )
            if bulk_form.is_valid():
                try:
                    done = actions.claims_assign(
                        claim_ids=bulk_form.cleaned_data["claims"],
                        assignee=bulk_form.cleaned_data["assignee"],
                        due_at=bulk_form.cleaned_data["due_at"],
                        user=request.user,
                    )
                except DomainError as error:
                    messages.error(request, error.message)
                else:
                    messages.success(
                        request,
                        f"Assigned {done} claim{'s' if done != 1 else ''} to "
                        f"{bulk_form.cleaned_data['assignee']}.",
                    )
                    return HttpResponseRedirect(request.get_full_path())
            else:
                messages.error(request, "Choose claims and a reviewer to assign.")
    elif request.method == "POST":
        raise PermissionDenied

    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    base_query = {k: v for k, v in query.items() if k != "status"}
    return TemplateResponse(
        request,
        "admin/desk/queue.html",
        _context(
            site,
            request,
            title="Claim queue",
            view=view,
            views=forms.QueueFilterForm.VIEWS,
            filters=filters,
            statuses=[
                (value, label, counts.get(value, 0))
                for value, label in ClaimStatus.choices
            ],
            total=sum(counts.values()),
            status=status,
            kinds=ClaimKind.choices,
            kind=data.get("kind") or "",
            page=page,
            rows=[
                {
                    "claim": c,
                    "badge": status_badge(c.status),
                    "overdue": bool(
                        c.due_at and c.due_at < now and c.status not in DONE
                    ),
                    "url": _workspace_url(c.article_id, claim=c.pk),
                }
                for c in rows
            ],
            bulk_form=bulk_form,
            query=urlencode(query),
            base_query=urlencode(base_query),
            is_editor=is_editor,
        ),
    )


# --- Article workspace -------------------------------------------------------


def _workspace_url(article_id, *, claim=None, draft=None) -> str:
    url = reverse("admin:newsroom_article_workspace", args=[article_id])
    params = {}
    if draft is not None:
        params["draft"] = draft
    if claim is not None:
        params["claim"] = claim
    if params:
        url += "?" + urlencode(params)
    return url + ("#claim-panel" if claim is not None else "")


def _claim_of(article, claim_id) -> Claim | None:
    if not str(claim_id or "").isdigit():
        return None
    return (
        Claim.objects.select_related("assignee", "first_draft", "last_draft")
        .filter(article=article, pk=claim_id)
        .first()
    )


def _article_and_draft(request, pk):
    article = get_object_or_404(
        Article.objects.select_related("desk", "live_draft"), pk=pk
    )
    drafts = list(article.drafts.select_related("author").order_by("number"))
    if not drafts:
        raise PermissionDenied("This article has no draft.")
    wanted = request.GET.get("draft") or request.POST.get("draft")
    draft = next((d for d in drafts if str(d.number) == str(wanted)), drafts[-1])
    return article, drafts, draft


def article_workspace(site, request, pk, *, bound=None):
    _newsroom_member(request)
    article, drafts, draft = _article_and_draft(request, pk)
    latest = drafts[-1]
    mentions = actions.draft_mentions(draft=draft)
    claims: dict[int, Claim] = {}
    for m in mentions:
        claims.setdefault(m.claim_id, m.claim)
    selected = _claim_of(article, request.GET.get("claim"))
    draft_param = None if draft.pk == latest.pk else draft.number
    marks = [
        Mark(
            start=m.start,
            end=m.end,
            key=m.claim_id,
            label=status_badge(m.claim.status),
            css=f"st-{m.claim.status}"
            + (" is-selected" if selected and selected.pk == m.claim_id else ""),
            url=_workspace_url(article.pk, claim=m.claim_id, draft=draft_param),
        )
        for m in mentions
    ]
    statuses = [c.status for c in claims.values()]
    done = sum(s in DONE for s in statuses)
    rated = sum(s in RATED for s in statuses)
    total = len(statuses)

    context = _context(
        site,
        request,
        title=article.title,
        article=article,
        drafts=drafts,
        draft=draft,
        latest=latest,
        is_latest=draft.pk == latest.pk,
        segments=text_marked(draft.body, marks),
        claims=[
            {
                "claim": c,
                "badge": status_badge(c.status),
                "url": _workspace_url(article.pk, claim=c.pk, draft=draft_param),
            }
            for c in claims.values()
        ],
        legend=[(value, label.upper()) for value, label in ClaimStatus.choices],
        progress={
            "total": total,
            "done": done,
            "rated": rated,
            "open": total - done - rated,
            "done_pct": round(100 * done / total) if total else 0,
            "rated_pct": round(100 * rated / total) if total else 0,
        },
        is_editor=user_has_role(request.user, EDITOR),
        is_reviewer=user_has_role(request.user, REVIEWER, EDITOR),
        publish=actions.publish_state(article=article, draft=draft),
        correction_notes=actions.correction_notes(article=article),
        draft_param=draft_param,
    )
    if selected is not None:
        context.update(
            _claim_panel(request, article=article, claim=selected, bound=bound or {})
        )
    return TemplateResponse(request, "admin/desk/workspace.html", context)


def _claim_panel(request, *, article, claim, bound):
    version = {"version": claim.version}
    verdicts = actions.claim_verdicts(claim=claim)
    current = actions.claim_current_verdict(claim=claim)
    user = request.user
    return {
        "selected": claim,
        "selected_badge": status_badge(claim.status),
        "history": actions.claim_history(claim=claim),
        "warnings": actions.claim_warnings(claim=claim),
        "suggestions": actions.claim_suggestions(claim=claim),
        "verdicts": verdicts,
        "current_verdict": current,
        # Four eyes is the service's rule; hiding the button only spares the
        # reviewer a refusal.
        "may_sign_off": (
            user_has_role(user, EDITOR)
            and claim.status in RATED
            and not (current and current.reviewer_id == user.pk)
        ),
        "assign_form": bound.get("assign")
        or forms.AssignForm(
            initial={**version, "assignee": claim.assignee_id, "due_at": claim.due_at}
        ),
        "verdict_form": bound.get("verdict") or forms.VerdictForm(initial=version),
        "evidence_formset": bound.get("evidence")
        or forms.EvidenceFormSet(prefix="evidence"),
        "waive_form": bound.get("waive") or forms.WaiveForm(initial=version),
        "reopen_form": bound.get("reopen") or forms.ReasonForm(initial=version),
        "correction_form": bound.get("correction") or forms.CorrectionOpenForm(),
        "version": claim.version,
    }


CLAIM_ACTIONS = {"assign", "verdict", "sign-off", "waive", "reopen", "correction"}


def claim_action(site, request, pk, claim_id, action):
    _newsroom_member(request)
    if action not in CLAIM_ACTIONS:
        raise PermissionDenied
    claim = get_object_or_404(Claim, pk=claim_id, article_id=pk)
    back = _workspace_url(pk, claim=claim.pk, draft=request.POST.get("draft") or None)
    post = request.POST
    bound = {}
    try:
        if action == "assign":
            form = bound["assign"] = forms.AssignForm(post)
            if form.is_valid():
                actions.claim_assign(
                    claim=claim, user=request.user, **form.cleaned_data
                )
                messages.success(
                    request, f"Assigned to {form.cleaned_data['assignee']}."
                )
                return HttpResponseRedirect(back)
        elif action == "verdict":
            form = bound["verdict"] = forms.VerdictForm(post)
            evidence = bound["evidence"] = forms.EvidenceFormSet(
                post, prefix="evidence"
            )
            if form.is_valid() and evidence.is_valid():
                actions.verdict_record(
                    claim=claim,
                    user=request.user,
                    evidence=[e for f in evidence if (e := f.evidence())],
                    **form.cleaned_data,
                )
                rating = dict(forms.RATINGS)[form.cleaned_data["rating"]]
                messages.success(
                    request,
                    f"Verdict recorded: {rating}. It now awaits an editor's sign-off.",
                )
                return HttpResponseRedirect(back)
        elif action == "sign-off":
            form = forms.VersionedForm(post)
            if form.is_valid():
                actions.claim_sign_off(
                    claim=claim, user=request.user, **form.cleaned_data
                )
                messages.success(request, "Signed off.")
                return HttpResponseRedirect(back)
        elif action == "waive":
            form = bound["waive"] = forms.WaiveForm(post)
            if form.is_valid():
                actions.claim_waive(claim=claim, user=request.user, **form.cleaned_data)
                messages.success(request, "Waived.")
                return HttpResponseRedirect(back)
        elif action == "reopen":
            form = bound["reopen"] = forms.ReasonForm(post)
            if form.is_valid():
                actions.claim_reopen(
                    claim=claim, user=request.user, **form.cleaned_data
                )
                messages.success(request, "Reopened.")
                return HttpResponseRedirect(back)
        elif action == "correction":
            form = bound["correction"] = forms.CorrectionOpenForm(post)
            if form.is_valid():
                correction = actions.correction_open(
                    claim=claim, user=request.user, **form.cleaned_data
                )
                messages.success(request, "Correction request opened.")
                return HttpResponseRedirect(
                    reverse("admin:desk_correction", args=[correction.pk])
                )
    except DomainError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(back)
    messages.error(request, "Please correct the errors below.")
    request.GET = request.GET.copy()
    request.GET["claim"] = str(claim.pk)
    if post.get("draft"):
        request.GET["draft"] = post["draft"]
    response = article_workspace(site, request, pk, bound=bound)
    response.status_code = 400
    return response


def article_publish(site, request, pk):
    _newsroom_member(request)
    article, _, draft = _article_and_draft(request, pk)
    try:
        actions.article_publish(article=article, draft=draft, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Published draft {draft.number}.")
    return HttpResponseRedirect(
        reverse("admin:newsroom_article_workspace", args=[article.pk])
    )


def draft_extraction_rerun(site, request, pk, number):
    _newsroom_member(request)
    draft = get_object_or_404(Draft, article_id=pk, number=number)
    try:
        actions.draft_extraction_rerun(draft=draft)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Claim extraction for draft {draft.number} was queued again."
        )
    return HttpResponseRedirect(
        reverse("admin:newsroom_article_workspace", args=[pk]) + "#drafts"
    )


# --- Audit trail ---------------------------------------------------------------


def article_audit(site, request, pk):
    _newsroom_member(request)
    article = get_object_or_404(Article, pk=pk)
    paginator = Paginator(actions.article_audit_trail(article=article), 100)
    page = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "admin/desk/audit.html",
        _context(
            site,
            request,
            title=f"Audit trail: {article.title}",
            article=article,
            page=page,
        ),
    )


# --- Editor sign-off queue and corrections --------------------------------------


def sign_off_queue(site, request):
    _newsroom_member(request)
    paginator = Paginator(actions.claims_awaiting_sign_off(), QUEUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = []
    for claim in page.object_list:
        verdict = max(claim.verdicts.all(), key=lambda v: v.pk, default=None)
        rows.append(
            {
                "claim": claim,
                "verdict": verdict,
                "badge": status_badge(claim.status),
                "url": _workspace_url(claim.article_id, claim=claim.pk),
                # Four eyes is the service's rule; the button is only hidden.
                "own": verdict is not None and verdict.reviewer_id == request.user.pk,
            }
        )
    return TemplateResponse(
        request,
        "admin/desk/sign_off.html",
        _context(
            site,
            request,
            title="Sign-off queue",
            page=page,
            rows=rows,
            corrections=actions.corrections_pending(),
            is_editor=user_has_role(request.user, EDITOR),
        ),
    )


def sign_off_from_queue(site, request, claim_id):
    _newsroom_member(request)
    claim = get_object_or_404(Claim, pk=claim_id)
    form = forms.VersionedForm(request.POST)
    form.is_valid()
    try:
        actions.claim_sign_off(
            claim=claim, user=request.user, version=form.cleaned_data.get("version")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Signed off claim {claim.pk}: “{claim.text[:60]}”.")
    return HttpResponseRedirect(reverse("admin:desk_sign_off"))


def correction_detail(site, request, correction_id):
    _newsroom_member(request)
    correction = actions.correction_get(correction_id=correction_id)
    assess_form = forms.CorrectionAssessForm()
    sign_off_form = forms.CorrectionSignOffForm()
    reject_form = forms.CorrectionRejectForm()
    step = request.POST.get("step") if request.method == "POST" else None
    try:
        if step == "assess":
            assess_form = forms.CorrectionAssessForm(request.POST)
            if assess_form.is_valid():
                actions.correction_assess(
                    correction=correction, user=request.user, **assess_form.cleaned_data
                )
                messages.success(request, "Assessment recorded.")
                return HttpResponseRedirect(request.path)
        elif step in ("preview", "sign-off"):
            sign_off_form = forms.CorrectionSignOffForm(request.POST)
            if step == "sign-off" and sign_off_form.is_valid():
                actions.correction_sign_off(
                    correction=correction,
                    user=request.user,
                    note=sign_off_form.cleaned_data["note"],
                )
                messages.success(
                    request, "Correction signed off and published with its note."
                )
                return HttpResponseRedirect(request.path)
        elif step == "reject":
            reject_form = forms.CorrectionRejectForm(request.POST)
            if reject_form.is_valid():
                actions.correction_reject(
                    correction=correction,
                    user=request.user,
                    reason=reject_form.cleaned_data["reason"],
                )
                messages.success(request, "Correction rejected.")
                return HttpResponseRedirect(request.path)
        elif step is not None:
            raise PermissionDenied
    except DomainError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(request.path)
    note = sign_off_form.data.get("note", "") if sign_off_form.is_bound else ""
    return TemplateResponse(
        request,
        "admin/desk/correction.html",
        _context(
            site,
            request,
            title=f"Correction request {correction.pk}",
            correction=correction,
            preview=actions.correction_preview(correction=correction, note=note),
            assess_form=assess_form,
            sign_off_form=sign_off_form,
            reject_form=reject_form,
            is_editor=user_has_role(request.user, EDITOR),
            is_reviewer=user_has_role(request.user, REVIEWER, EDITOR),
            workspace_url=_workspace_url(
                correction.article_id, claim=correction.claim_id
            ),
        ),
        status=400 if step in ("assess", "reject") else 200,
    )


# --- Admin index ------------------------------------------------------------------


def desk_summary(request) -> dict:
    """What the admin index shows above the app list."""
    if not user_has_role(request.user, REPORTER, REVIEWER, EDITOR):
        return {}
    mine = actions.claim_queue(user=request.user, view="mine").exclude(
        status__in=DONE | RATED
    )
    counts = mine.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(due_at__lt=timezone.now())),
    )
    return {
        "desk": {
            "mine": counts["open"],
            "overdue": counts["overdue"],
            "awaiting_sign_off": actions.claims_awaiting_sign_off().count()
            if user_has_role(request.user, EDITOR)
            else None,
            "is_editor": user_has_role(request.user, EDITOR),
        }
    }


# --- Draft compare ------------------------------------------------------------------


def compare_context(*, old: Draft, new: Draft, diff, layout: str) -> dict:
    """Claim outcomes marked on the compared texts, inline or side by side."""
    comparison = actions.drafts_compare(old=old, new=new)
    article_id = new.article_id

    def marks(mentions, draft):
        return [
            Mark(
                start=m.start,
                end=m.end,
                key=m.claim_id,
                label=comparison.outcomes.get(m.claim_id, "").upper(),
                css=f"oc-{comparison.outcomes.get(m.claim_id, 'carried')}",
                url=_workspace_url(article_id, claim=m.claim_id, draft=draft.number),
            )
            for m in mentions
            if m.claim_id in comparison.outcomes
        ]

    old_marks = marks(comparison.old_mentions, old)
    new_marks = marks(comparison.new_mentions, new)
    inline = []
    for op in diff.body.ops:
        inline.append(
            {
                "op": op.op,
                "old": text_marked(
                    old.body, old_marks, start=op.old_start, end=op.old_end
                )
                if op.op != "equal"
                else [],
                "new": text_marked(
                    new.body, new_marks, start=op.new_start, end=op.new_end
                ),
            }
        )
    order = {"changed": 0, "removed": 1, "new": 2, "carried": 3}
    rows = sorted(
        (
            {
                "claim": comparison.claims[pk],
                "outcome": outcome,
                "changes": comparison.changes.get(pk, {}),
                "badge": status_badge(comparison.claims[pk].status),
                "url": _workspace_url(article_id, claim=pk),
            }
            for pk, outcome in comparison.outcomes.items()
        ),
        key=lambda row: (order[row["outcome"]], row["claim"].pk),
    )
    counts = {k: sum(r["outcome"] == k for r in rows) for k in order}
    return {
        "layout": layout,
        "inline": inline,
        "old_segments": text_marked(old.body, old_marks) if layout == "side" else [],
        "new_segments": text_marked(new.body, new_marks) if layout == "side" else [],
        "outcome_rows": rows,
        "outcome_counts": counts,
        "workspace_url": _workspace_url(article_id),
    }
