"""The review and adjudication window: the lead compares coders article by article and decides
gold; one object per concern (annotator.gui.review.review_window composes them)."""
