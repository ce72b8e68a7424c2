"""Answers that pass the checks in notebooks/31_hpa_controller.ipynb."""


def stabilize(recs, current, desired, up_window, down_window, now):
    """Reference for 31.4: stabilizeRecommendationWithBehaviors."""
    up_cutoff, down_cutoff = now - up_window, now - down_window
    up_rec = down_rec = desired
    reuse = None
    for i, (value, t) in enumerate(recs):
        if t > up_cutoff:
            up_rec = min(up_rec, value)
        if t > down_cutoff:
            down_rec = max(down_rec, value)
        if t < up_cutoff and t < down_cutoff:
            reuse = i
    result = current
    if result < up_rec:
        result = up_rec
    if result > down_rec:
        result = down_rec
    if reuse is not None:
        recs[reuse] = [desired, now]
    else:
        recs.append([desired, now])
    return result


ANSWERS = {
    "hpa.stabilized": 6,
    "hpa.default_scale_up_limit": 12,
    "hpa.percent_down": 44,
    "hpa.build_stabilize": stabilize,
    "hpa.scale_down_stabilized": "behavior.scaleDown.stabilizationWindowSeconds",
}
