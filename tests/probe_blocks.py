"""A minimal scored block for testing the local runtime's gradebook (tests only)."""
from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.fields import Float, Integer, Scope
from xblock.scorable import ScorableXBlockMixin, Score


class ScoredProbe(ScorableXBlockMixin, XBlock):
    """Publishes whatever score it is told to; remembers what the runtime passed to set_score."""

    has_score = True
    max_points = Integer(scope=Scope.settings, default=10)
    earned = Float(scope=Scope.user_state, default=None)

    def max_score(self):
        return self.max_points

    def student_view(self, context=None):
        return Fragment('<p class="probe">probe</p>')

    @XBlock.json_handler
    def answer(self, data, suffix=""):
        self.runtime.publish(self, "grade", {"value": data["points"], "max_value": self.max_points})
        return {"earned": self.earned}

    def has_submitted_answer(self):
        return self.earned is not None

    def get_score(self):
        return Score(self.earned or 0, self.max_points)

    def set_score(self, score):
        self.earned = score.raw_earned

    def calculate_score(self):
        return self.get_score()

    def generate_report_data(self, user_state_iterator, limit_responses=None):
        for record in user_state_iterator:
            yield record.username, {"Earned": record.state.get("earned")}
