"""The user's settings (QSettings in the annotator scope) and the small settings dialog."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.fonts import DEFAULT_POINT_SIZE
from annotator.paths import settings_file

ORGANIZATION = "annotator"
APPLICATION = "annotator"
LANGUAGES: dict[str, str] = {"en": "English", "ar": "العربية"}
FIRST_SHARE = 0.85  # at the first start a window takes this share of the screen's free area


def make_qsettings() -> QSettings:
    """The settings file ``paths.settings_file()`` names, else the user's settings scope."""
    path = settings_file()
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )


class Settings:
    """Typed access to what the app remembers between runs."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else make_qsettings()

    def _text(self, key: str) -> str:
        value = self.store.value(key, "")
        return value if isinstance(value, str) else ""

    @property
    def coder(self) -> str:
        """The last coder's name ("" before the first start)."""
        return self._text("coder").strip()

    @coder.setter
    def coder(self, name: str) -> None:
        self.store.setValue("coder", name)
        self.store.sync()

    @property
    def language(self) -> str:
        """The chosen UI language ("" = follow the system)."""
        value = self._text("language")
        return value if value in LANGUAGES else ""

    @language.setter
    def language(self, code: str) -> None:
        self.store.setValue("language", code)
        self.store.sync()

    @property
    def font_size(self) -> float:
        """The article's default font size in points."""
        try:
            return float(self.store.value("font_size", DEFAULT_POINT_SIZE))
        except (TypeError, ValueError):
            return DEFAULT_POINT_SIZE

    @font_size.setter
    def font_size(self, size: float) -> None:
        self.store.setValue("font_size", float(size))
        self.store.sync()

    def last_article(self, coder: str) -> int | None:
        """The article the coder had open last."""
        self.store.beginGroup("last_article")
        value = self.store.value(coder.encode("utf-8").hex(), None)
        self.store.endGroup()
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def set_last_article(self, coder: str, article_id: int) -> None:
        self.store.beginGroup("last_article")
        self.store.setValue(coder.encode("utf-8").hex(), int(article_id))
        self.store.endGroup()

    def bytes_value(self, key: str) -> QByteArray | None:
        """A saved window geometry or splitter state."""
        value = self.store.value(key)
        return value if isinstance(value, QByteArray) else None

    def set_bytes_value(self, key: str, value: QByteArray) -> None:
        self.store.setValue(key, value)

    def sync(self) -> None:
        self.store.sync()


def fit_to_screen(window: QWidget, share: float = FIRST_SHARE) -> None:
    """Size ``window`` to ``share`` of its screen's available area (the taskbar left out),
    centred: the first start fits the screen instead of opening at Qt's small default."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    window.resize(QSize(int(area.width() * share), int(area.height() * share)))
    frame = window.frameGeometry()
    frame.moveCenter(area.center())
    window.move(frame.topLeft())


def restore_layout(
    window: QWidget, settings: Settings, prefix: str, splitters: dict[str, QSplitter]
) -> bool:
    """The window's saved geometry and splitter positions (keys ``prefix`` + "geometry" and
    ``prefix`` + each splitter's name); at the first start, a size that fits the screen. True
    if every splitter was restored."""
    geometry = settings.bytes_value(f"{prefix}geometry")
    if geometry is None or not window.restoreGeometry(geometry):
        fit_to_screen(window)
    restored = True
    for name, splitter in splitters.items():
        state = settings.bytes_value(f"{prefix}{name}")
        restored = state is not None and splitter.restoreState(state) and restored
    return restored


def save_layout(
    window: QWidget, settings: Settings, prefix: str, splitters: dict[str, QSplitter]
) -> None:
    """Remember the window's geometry and splitter positions for ``restore_layout``."""
    settings.set_bytes_value(f"{prefix}geometry", window.saveGeometry())
    for name, splitter in splitters.items():
        settings.set_bytes_value(f"{prefix}{name}", splitter.saveState())
    settings.sync()


class SettingsDialog(QDialog):
    """Language (applies on the next start) and the article's default font size."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Settings"))
        self.language = QComboBox(self)
        self.language.addItem(self.tr("System language"), "")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
        self.font_size = QDoubleSpinBox(self)
        self.font_size.setRange(8, 48)
        self.font_size.setDecimals(0)
        self.font_size.setSuffix(" pt")
        self.font_size.setValue(settings.font_size)
        form = QFormLayout()
        form.addRow(self.tr("&Language"), self.language)
        form.addRow(self.tr("Article &font size"), self.font_size)
        note = QLabel(self.tr("A new language applies when the app starts again."), self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """Save the choices."""
        self.settings.language = self.language.currentData() or ""
        self.settings.font_size = self.font_size.value()
        super().accept()
