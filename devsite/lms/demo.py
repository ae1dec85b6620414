"""The demo accounts and the situations they are put in."""
DEMO_PASSWORD = "carbon-demo"
DEMO_ACCOUNTS = [
    {"username": "learner_new", "name": "新学员 王小明", "email": "learner_new@example.com",
     "description": "学员：刚报名，尚未学习（Learner: just enrolled, nothing studied yet）", "role": None, "lessons": 0},
    {"username": "learner_studying", "name": "学习中 李华", "email": "learner_studying@example.com",
     "description": "学员：已学习部分课程，学时未达标（Learner: part-way through, hours not met）", "role": None, "lessons": 8},
    {"username": "learner_ready", "name": "已达标 张伟", "email": "learner_ready@example.com",
     "description": "学员：学时已达标，可申请考试（Learner: training hours met）", "role": None, "lessons": 30},
    {"username": "staff", "name": "课程工作人员 陈老师", "email": "staff@example.com",
     "description": "课程工作人员：审核报名、阅卷（Course staff: reviews applications, grades answers）", "role": "staff", "lessons": 0},
    {"username": "instructor", "name": "讲师 刘教授", "email": "instructor@example.com",
     "description": "讲师：导出成绩（Instructor: exports grade reports）", "role": "instructor", "lessons": 0},
]


def complete_lessons(user, course, count):
    """Mark every leaf of the first `count` lessons complete, as watching and reading them would."""
    from completion.models import BlockCompletion

    lessons = [key for key in course.of_type("sequential") if not course.field(key, "graded", False)]
    lessons = [key for key in lessons if "lesson" in key.block_id][:count]
    for lesson in lessons:
        for unit in course.children(lesson):
            for leaf in course.children(unit):
                BlockCompletion.objects.submit_completion(user=user, block_key=leaf, completion=1.0)
