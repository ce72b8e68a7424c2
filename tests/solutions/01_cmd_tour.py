"""Answers that pass the checks in notebooks/01_cmd_tour.ipynb (build: the reference)."""


class ServingOptions:
    """Reference for 01.5: flags bound to the object, every problem reported."""

    def __init__(self):
        self.port = 10257
        self.bind_address = "0.0.0.0"

    def add_flags(self, fs):
        fs.int("secure-port", self.port, "The port to serve HTTPS on.", p=(self, "port"))
        fs.string("bind-address", self.bind_address, "The IP address to listen on.",
                  p=(self, "bind_address"))

    def validate(self):
        errs = []
        if not 1 <= self.port <= 65535:
            errs.append(ValueError(f"--secure-port {self.port} must be between 1 and 65535, "
                                   "inclusive. It cannot be turned off with 0"))
        if not self.bind_address:
            errs.append(ValueError("--bind-address must not be empty"))
        return errs


ANSWERS = {
    "cmd.usage_printed": ["a", "d"],
    "cmd.section_titles": ["Admission flags:", "Serving flags:", "Authorization flags:"],
    "cmd.version_flag_exit": 1,
    "cmd.bad_controllers_flag": "--controllers",
    "cmd.build_serving_options": ServingOptions,
}
