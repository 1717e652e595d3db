"""The Ofsted Regional Director's letter notifying the fitness decision (framework 18)."""


def decision_letter_render(*, review_id: int):
    raise NotImplementedError
