"""Qt's own texts (context menus, standard buttons, file dialogs) in Korean, like the rest of the window."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

CATALOG = "qtbase_ko"  # ships with PySide6 under QLibraryInfo's TranslationsPath
_NAME = "kiwoomQtKorean"


def install_korean(app: QCoreApplication) -> bool:
    """Load Qt's Korean catalog into ``app`` once; True if it is (now or already) installed."""
    if app.findChild(QTranslator, _NAME) is not None:
        return True
    translator = QTranslator(app)  # parented: lives exactly as long as the application
    translator.setObjectName(_NAME)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(CATALOG, folder) or not app.installTranslator(translator):
        translator.deleteLater()  # a build without the catalog: Qt's English, nothing worse
        return False
    return True
