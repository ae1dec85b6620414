"""carbon-xblocks: exam, hours gate and application XBlocks for Open edX."""
import os

from setuptools import find_namespace_packages, setup

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGES = ["carbon_common", "carbon_exam", "hours_gate", "eligibility_form"]
# Templates, public assets, translations, fonts and migrations travel inside the packages.
DATA_PATTERNS = ["*.html", "*.js", "*.css", "*.svg", "*.png", "*.po", "*.mo", "*.ttf", "*.txt", "*.md", "*.json"]


def read_requirements(path):
    with open(os.path.join(HERE, path), encoding="utf-8") as handle:
        return [line.split("#")[0].strip() for line in handle if line.split("#")[0].strip()]


setup(
    name="carbon-xblocks",
    version="0.1.0",
    description="Exam, training-hours gate and application XBlocks for the carbon-reduction skills programme",
    long_description=open(os.path.join(HERE, "README.md"), encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license="AGPL-3.0-only",
    package_dir={"": "xblocks"},
    # Dev-only tools (eligibility_form/tools: the font subsetter) stay out of the wheel.
    packages=find_namespace_packages("xblocks", include=[name for p in PACKAGES for name in (p, p + ".*")],
                                     exclude=["*.tools", "*.tools.*"]),
    package_data={"": DATA_PATTERNS},
    include_package_data=False,
    python_requires=">=3.11",
    install_requires=read_requirements("requirements/base.in"),
    entry_points={
        "xblock.v1": [
            "carbon_exam = carbon_exam.block:CarbonExamBlock",
            "hours_gate = hours_gate.block:HoursGateBlock",
            "eligibility_form = eligibility_form.block:EligibilityFormBlock",
        ],
        "lms.djangoapp": ["carbon_common = carbon_common.apps:CarbonCommonConfig"],
        "cms.djangoapp": ["carbon_common = carbon_common.apps:CarbonCommonConfig"],
    },
    classifiers=[
        "Framework :: Django :: 5.2",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
    ],
)
