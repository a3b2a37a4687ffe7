"""Yearly evaluations: instruments and criteria, cycles, evaluations with their assessors, the
self-assessment, scores, agreements and the citizen survey."""
from .answers import Agreement, Score, SelfAssessment
from .cycles import (
    DEFAULT_ASPECT_WEIGHTS,
    Assignment,
    Cycle,
    Evaluation,
    EvaluationEvent,
    assessor_user_ids,
    conflicting_assessors,
)
from .instruments import LEVELS, Aspect, Criterion, Instrument, default_predikat_thresholds
from .interviews import Interview
from .survey_rules import SurveyRule, survey_rule_errors
from .surveys import ANSWERS, MIN_PROGRAMMES, MIN_RESPONDENTS, CitizenSurvey, SurveyedProgramme

__all__ = [
    "ANSWERS", "DEFAULT_ASPECT_WEIGHTS", "LEVELS", "MIN_PROGRAMMES", "MIN_RESPONDENTS", "Agreement", "Aspect",
    "Assignment", "CitizenSurvey", "Criterion", "Cycle", "Evaluation", "EvaluationEvent", "Instrument", "Interview", "Score",
    "SelfAssessment", "SurveyRule", "SurveyedProgramme", "assessor_user_ids", "conflicting_assessors",
    "default_predikat_thresholds", "survey_rule_errors",
]
