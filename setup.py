"""carbon-xblocks: exam, hours gate and application XBlocks for Open edX."""
import os

from setuptools import find_packages, setup

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGES = ["carbon_common", "carbon_exam", "hours_gate", "eligibility_form"]
DATA_DIRS = ("templates", "public", "translations", "locale", "migrations", "fonts", "static")


def package_data(package):
    """Every non-Python file a package ships (templates, public assets, translations, fonts)."""
    root = os.path.join(HERE, "xblocks", package)
    found = []
    for folder in DATA_DIRS:
        for dirpath, _dirs, files in os.walk(os.path.join(root, folder)):
            for name in files:
                if not name.endswith((".py", ".pyc")):
                    found.append(os.path.relpath(os.path.join(dirpath, name), root))
    return found


def read_requirements(path):
    with open(os.path.join(HERE, path), encoding="utf-8") as handle:
        return [line.split("#")[0].strip() for line in handle if line.split("#")[0].strip()]


setup(
    name="carbon-xblocks",
    version="0.1.0",
    description="Exam, training-hours gate and application XBlocks for the carbon-reduction skills programme",
    long_description=open(os.path.join(HERE, "README.md"), encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license="AGPL-3.0",
    package_dir={"": "xblocks"},
    packages=find_packages("xblocks", include=[p + "*" for p in PACKAGES]),
    package_data={package: package_data(package) for package in PACKAGES},
    include_package_data=True,
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
        "License :: OSI Approved :: GNU Affero General Public License v3",
    ],
)
