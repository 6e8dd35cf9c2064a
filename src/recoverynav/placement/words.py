"""The sentences and words the placement engine writes itself, in English and Spanish (#19).

The rules' reasons are data (``rules.yaml``, each with its ``es:`` block); these are the engine's own words around
them: the names it joins, the words it fills in ({withdrawal}, {severity}...), its notes and the next steps it adds.
Every phrase has both languages with the same ``{placeholders}`` (``tests/placement/test_spanish.py``).
FOR REVIEW: the Spanish is our own translation; no source publishes these sentences in Spanish.
"""

from __future__ import annotations

PHRASES: dict[str, dict[str, str]] = {
    # Joining words.
    "and": {"en": " and ", "es": " y "},
    "or": {"en": " or ", "es": " o "},
    "care_join": {"en": ", and ", "es": ", y "},
    # {care_risk}: why withdrawal from these substances needs care.
    "care_dangerous": {"en": "stopping {names} can be dangerous", "es": "dejar {names} puede ser peligroso"},
    "care_unknown": {
        "en": "we cannot tell how dangerous stopping {names} is",
        "es": "no podemos saber qué tan peligroso es dejar {names}",
    },
    # {severity_because} when a screening result or nothing in particular set the severity.
    "screening_because": {"en": "screening result: {severity}", "es": "resultado de la evaluación: {severity}"},
    "from_answers": {"en": "from your answers", "es": "según sus respuestas"},
    # Notes.
    "note_no_monograph": {
        "en": "We have no monograph for {name} yet, so its withdrawal risk was judged from your other answers only.",
        "es": "Todavía no tenemos una monografía de {name}, así que su riesgo de abstinencia se juzgó solo con sus "
        "otras respuestas.",
    },
    "note_corrected": {"en": "We read {name} as {generic}.", "es": "Entendimos {name} como {generic}."},
    "note_pump": {
        "en": "{names} from your pump is not judged as a drug to come off: see the pump advice.",
        "es": "{names} de su bomba no se juzga como una droga que haya que dejar: vea los consejos sobre la bomba.",
    },
    "note_no_label": {
        "en": "A daily dose was given, but none of the substances named has a label maximum on file.",
        "es": "Se dio una dosis diaria, pero ninguna de las sustancias nombradas tiene una dosis máxima de etiqueta "
        "registrada.",
    },
    "note_withdrawal_scale": {
        "en": "{instrument} measures withdrawal; give its total as ciwa_ar or cows instead.",
        "es": "{instrument} mide la abstinencia; indique su total como ciwa_ar o cows.",
    },
    "note_unknown_band": {
        "en": "The screening band {band} ({instrument}) is unknown; not used.",
        "es": "La banda de evaluación {band} ({instrument}) no se conoce; no se usó.",
    },
    # The headline and the engine's own reasons.
    "crisis_title": {"en": "Get help now: call {numbers}", "es": "Busque ayuda ahora: llame al {numbers}"},
    "treatment_text": {
        "en": "Suggested level of care: {level} {level_name}.",
        "es": "Nivel de atención sugerido: {level} {level_name}.",
    },
    "urgent_message": {
        "en": "Get emergency help first, before any treatment search: call {numbers}.",
        "es": "Primero busque ayuda de emergencia, antes de buscar tratamiento: llame al {numbers}.",
    },
    "emergency": {"en": "Emergency", "es": "Emergencias"},
    "withdrawal_setting": {
        "en": "Withdrawal management at level {wm} takes place within level {level} ({host}): {setting}",
        "es": "El manejo de la abstinencia de nivel {wm} se hace dentro del nivel {level} ({host}): {setting}",
    },
    "least_intensive": {
        "en": "Nothing in your answers calls for more than this level: the least intensive level that is safe fits "
        "best.",
        "es": "Nada en sus respuestas pide más que este nivel: lo más adecuado es el nivel menos intensivo que sea "
        "seguro.",
    },
    "disclaimer": {
        "en": "ASAM-informed suggestion, not an ASAM Criteria assessment; a clinician confirms.",
        "es": "Sugerencia basada en la ASAM, no una evaluación según los Criterios de la ASAM; un profesional clínico "
        "la confirma.",
    },
    # Next steps. Gablofen patient information and label (drugs-com-gablofen-patient-information,
    # empr-gablofen-monograph): keep every refill, reschedule a missed one before the pump runs out, mind the alarms,
    # hospital at once if it may fail.
    "pump_refill": {
        "en": "Keep every pump refill appointment. If you miss one, call your pump doctor at once to reschedule "
        "before the pump runs out.",
        "es": "No falte a ninguna cita para recargar la bomba. Si falta a una, llame enseguida al médico de su bomba "
        "para cambiar la cita antes de que la bomba se vacíe.",
    },
    "pump_alarm": {
        "en": "If the pump alarm sounds, or spasticity comes back with itching, tingling or feeling faint (low blood "
        "pressure), call your pump team now; if the pump may have failed, go to a hospital now.",
        "es": "Si suena la alarma de la bomba, o vuelve la espasticidad con picazón, hormigueo o sensación de desmayo "
        "(presión arterial baja), llame ahora al equipo de su bomba; si la bomba puede haber fallado, vaya a un "
        "hospital ahora.",
    },
    "emergency_step": {
        "en": "Now: get emergency help first. Call {numbers}.",
        "es": "Ahora: primero busque ayuda de emergencia. Llame al {numbers}.",
    },
    "medication_step": {
        "en": "Ask for medication for opioid use disorder (buprenorphine or methadone) now: in pregnancy it is "
        "recommended rather than withdrawal. Use the medication links to find a prescriber or a programme.",
        "es": "Pida ahora medicamentos para el trastorno por consumo de opioides (buprenorfina o metadona): en el "
        "embarazo se recomiendan en lugar de la desintoxicación. Use los enlaces de medicamentos para encontrar a "
        "alguien que los recete o un programa.",
    },
    "row_step": {"en": "{names}: {advice}", "es": "{names}: {advice}"},
    "tolerance_step": {
        "en": "After even a few days without opioids your body loses its tolerance: your old amount could kill you. "
        "Keep naloxone (Narcan) with you and do not use alone.",
        "es": "Después de solo unos días sin opioides, su cuerpo pierde la tolerancia: la cantidad que usaba antes "
        "podría matarlo. Lleve naloxona (Narcan) con usted y no consuma solo.",
    },
    "after_emergency": {
        "en": "When the emergency is over, ask the team that helped you to arrange what comes next ({option}).",
        "es": "Cuando pase la emergencia, pida al equipo que lo atendió que organice el siguiente paso ({option}).",
    },
    "detox_step": {
        "en": "Do not stop suddenly on your own: ask a doctor, the helpline or a detox service to plan it.",
        "es": "No lo deje de golpe por su cuenta: pida a un médico, a la línea de ayuda o a un servicio de "
        "desintoxicación que lo planee.",
    },
    "evening_step": {
        "en": "Ask for evening or weekend sessions so you can keep working or studying.",
        "es": "Pida sesiones por la tarde o los fines de semana para poder seguir trabajando o estudiando.",
    },
    "childcare_step": {
        "en": "Ask about help with childcare or caregiving; some residential programmes have beds for children.",
        "es": "Pregunte por ayuda con el cuidado de los niños o de otras personas; algunos programas residenciales "
        "tienen camas para niños.",
    },
    "co_occurring_step": {
        "en": "Ask for co-occurring care: one team for both mental health and substance use.",
        "es": "Pida atención de trastornos concurrentes: un solo equipo para la salud mental y el consumo de "
        "sustancias.",
    },
    "pregnant_step": {
        "en": "Tell the programme you are pregnant and ask how they work with your prenatal care.",
        "es": "Diga en el programa que está embarazada y pregunte cómo se coordinan con su atención prenatal.",
    },
    "clinician_step": {
        "en": "This is a suggestion: a clinician confirms the right level with a full assessment. Bring this page.",
        "es": "Esto es una sugerencia: un profesional clínico confirma el nivel adecuado con una evaluación completa. "
        "Traiga esta página.",
    },
}

# {withdrawal}: the person's own answer ("Ya nota síntomas de abstinencia leves"); "no" when not answered.
WITHDRAWAL_WORDS: dict[str, dict[str, str]] = {
    "en": {"none": "no", "mild": "mild", "moderate": "moderate", "severe": "severe"},
    "es": {"none": "ningún", "mild": "leves", "moderate": "moderados", "severe": "graves"},
}
# {severity}: how serious the substance use looks ("el consumo parece moderado").
SEVERITY_WORDS: dict[str, dict[str, str]] = {
    "en": {"none": "none", "mild": "mild", "moderate": "moderate", "severe": "severe"},
    "es": {"none": "ninguno", "mild": "leve", "moderate": "moderado", "severe": "grave"},
}
# A dimension's rating 0-4 in words.
RATING_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("none", "mild", "moderate", "significant", "severe"),
    "es": ("ninguno", "leve", "moderado", "considerable", "grave"),
}


def language(lang: str) -> str:
    """``lang`` as one of the languages these words exist in (anything but Spanish reads English)."""
    return "es" if lang == "es" else "en"


def say(key: str, lang: str, **values: str) -> str:
    """The phrase ``key`` in ``lang``, its placeholders filled in."""
    return PHRASES[key][language(lang)].format(**values)
