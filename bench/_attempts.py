"""One learner's exam attempts driven through a handler call, for the handler benches (devsite and the platform)."""


class AttemptCycle:
    """``call(handler, data)`` posts to the exam's handler and returns its JSON; ``answers_for(state)`` fills in
    a started attempt. ``start``, ``submit`` and ``finish`` are what the benches time (or run before a sample)."""

    def __init__(self, call, answers_for):
        self.call, self.answers_for, self.current = call, answers_for, {}

    def start(self):
        """Start an attempt and keep its session and the answers to submit."""
        started = self.call("start_exam", {})
        self.current.update(session=started["attempt"]["session"], answers=self.answers_for(started))

    def submit(self):
        """Submit the started attempt with its answers."""
        self.call("submit_exam", {"session": self.current.pop("session"), "answers": self.current["answers"]})

    def finish(self):
        """Submit the started attempt, if any, with no answers (so the next start begins afresh)."""
        if "session" in self.current:
            self.call("submit_exam", {"session": self.current.pop("session"), "answers": {}})

    def restart(self):
        """Finish the started attempt, if any, and start another."""
        self.finish()
        self.start()
