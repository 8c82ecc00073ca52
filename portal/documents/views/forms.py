"""Forms of the documents section (the kind choices are set by the view from the program's checklist)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, SubmitField
from wtforms.validators import DataRequired, Optional, Regexp


class DocumentUploadForm(FlaskForm):
    kind = SelectField(_l("Document"), validators=[DataRequired()])
    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file."))],
                     description=_l("PDF, image, office document or CSV."))
    # The current document this upload replaces (several files of a kind may coexist for some kinds).
    replaces = HiddenField(validators=[Optional(), Regexp(r"^\d{1,12}$")])
    submit = SubmitField(_l("Upload"))

    @property
    def replaces_id(self) -> int | None:
        return int(self.replaces.data) if self.replaces.data else None
