"""The upload form of HR's participant import page."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

IMPORT_MAX_BYTES = 20 * 1024 * 1024


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
        help_text=_(
            "Columns in English or Chinese: employee_number/工号, name/姓名, email/邮箱 "
            "(required), name_en/英文名, position/职位, is_incumbent/正职, region/区域, "
            "country/国家, org_unit/系统部, manager/经理, time_zone/时区, language/语言, "
            "cohort/期班. CSV in UTF-8 or GB18030."
        ),
    )
    encoding = forms.ChoiceField(
        label=_("Encoding of a CSV file"),
        choices=(
            ("", _("Detect")),
            ("utf-8", "UTF-8"),
            ("gb18030", _("GB18030 (Excel on Chinese Windows)")),
        ),
        required=False,
        help_text=_("Choose one when the preview says the file reads two ways."),
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if file.size > IMPORT_MAX_BYTES:
            raise ValidationError(_("The file is larger than 20 MiB."))
        return file
