"""Opt-in trans scenarios (DOMAIN.md MED-13, COR-10, COR-11; DSO advice [S000]).

Nothing here runs unless the user chose a scenario in the profile; the scenario
is never inferred from documents.
"""

from __future__ import annotations

from collections.abc import Iterator

from vault.evidence import dates
from vault.evidence.checks.context import Context
from vault.evidence.checks.text import en, ru
from vault.evidence.gap import Gap
from vault.evidence.ruleextra import KitItem
from vault.evidence.snapshot import Letter


def _has_item(ctx: Context, item: KitItem) -> bool:
    """Some document is this kit item: by the doctor's specialty, its ICD-10 code or its text."""
    if item.icd10 and any(c.startswith(p) for c in ctx.all_codes() for p in item.icd10):
        return True
    return bool(ctx.text_hits(item.specialty, who=True)) or bool(ctx.text_hits(item.terms))


def med13(ctx: Context) -> Iterator[Gap]:
    scenario = ctx.snapshot.profile.gender_scenario
    sc = ctx.rules.scenarios
    required = sc.required.get(scenario, ())
    if not required:
        return
    missing = [sc.kit[k] for k in required if not _has_item(ctx, sc.kit[k])]
    if not missing:
        return
    optional = [sc.kit[k] for k in sc.optional.get(scenario, ())]
    extra_ru = f" По желанию: {'; '.join(i.label_ru for i in optional)}." if optional else ""
    extra_en = f" Optional: {'; '.join(i.label_en for i in optional)}." if optional else ""
    yield Gap(
        "MED-13",
        "high",
        f"Сценарий: не хватает документов — {'; '.join(i.label_ru for i in missing)}.{extra_ru}",
        f"Scenario kit incomplete: missing {'; '.join(i.label_en for i in missing)}.{extra_en}",
        "Получите эти справки и добавьте их в хранилище.",
        "Obtain these certificates and add them to the vault.",
        " ".join(dict.fromkeys(i.source for i in missing)),
    )


def _with_receipt(ctx: Context, letter: Letter) -> bool:
    return ctx.doc(letter.receipt_document_id) is not None and letter.status not in ("returned", "expired")


def cor10(ctx: Context) -> Iterator[Gap]:
    if ctx.snapshot.profile.gender_scenario != "amab-female-marker":
        return
    letters = [x for x in ctx.snapshot.letters if x.purpose == "deregister"]
    if any(_with_receipt(ctx, x) for x in letters):
        return
    yield Gap(
        "COR-10",
        "high",
        "Заявление о снятии с воинского учёта не отправлено заказным письмом с сохранённой квитанцией.",
        "No application for removal from the military register sent by registered mail with its receipt kept.",
        "Отправьте заявление заказным письмом и сохраните квитанцию.",
        "Send the application by registered mail and keep the receipt.",
        ctx.rules.scenarios.deregistration_source,
        letter_ids=tuple(x.id for x in letters),
    )


def cor11(ctx: Context) -> Iterator[Gap]:
    profile = ctx.snapshot.profile
    if profile.gender_scenario != "afab-male-marker":
        return
    sc = ctx.rules.scenarios
    changed = profile.marker_changed_on
    if changed is None:
        yield Gap(
            "ASK-MARKER-DATE",
            "info",
            "Укажите дату смены документов: от неё считается двухнедельный срок постановки на учёт.",
            "Enter the date your documents were changed: the two-week registration term counts from it.",
            "Профиль → дата смены маркера (marker_changed_on).",
            "Profile → marker change date (marker_changed_on).",
            sc.registration_source,
        )
        return
    last = dates.registration_last_day(changed, sc.registration_days)
    letters = [x for x in ctx.snapshot.letters if x.purpose == "register"]
    if any(x.sent <= last for x in letters):
        return
    late = ctx.today > last or bool(letters)
    yield Gap(
        "COR-11",
        "blocker" if late else "high",
        (f"Срок постановки на воинский учёт ({ru(last)}, 2 недели после смены документов {ru(changed)}) "
         + ("пропущен." if late else f"истекает; осталось {(last - ctx.today).days} дн.")),
        (f"The registration deadline ({en(last)}, 2 weeks after the documents changed on {en(changed)}) "
         + ("is missed." if late else f"is near: {(last - ctx.today).days} days left.")),
        "Подайте заявление о постановке на учёт заказным письмом и сохраните квитанцию.",
        "Send the registration application by registered mail and keep the receipt.",
        sc.registration_source,
        letter_ids=tuple(x.id for x in letters),
        due=last,
    )


def run(ctx: Context) -> Iterator[Gap]:
    for check in (med13, cor10, cor11):
        yield from check(ctx)
