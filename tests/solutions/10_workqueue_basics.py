"""Answers that pass the checks in notebooks/10_workqueue_basics.ipynb."""


class Queue:
    """A reference answer to 10.4: client-go's basic queue in twenty lines."""

    def __init__(self):
        self.queue, self.dirty, self.processing = [], set(), set()
        self.shutting_down = False

    def add(self, item):
        if self.shutting_down or item in self.dirty:
            return
        self.dirty.add(item)
        if item not in self.processing:
            self.queue.append(item)

    def get(self):
        if not self.queue:
            return None, True
        item = self.queue.pop(0)
        self.processing.add(item)
        self.dirty.discard(item)
        return item, False

    def done(self, item):
        self.processing.discard(item)
        if item in self.dirty:
            self.queue.append(item)

    def shut_down(self):
        self.shutting_down = True

    def __len__(self):
        return len(self.queue)


ANSWERS = {
    "workqueue.len_after_sequence": 2,
    "workqueue.get_order": ["n", "k"],
    "workqueue.done_twice": 3,
    "workqueue.build_queue": Queue,
    "workqueue.stuck_key": "Done: the worker never called queue.done(key)",
}
