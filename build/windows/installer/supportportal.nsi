; Per-user Windows installer for Support Portal (NSIS 3.08 or newer).
; Built by scripts/windows-installer.sh, which passes:
;   /DVERSION=1.2.3        the app version (semver, shown in Add/Remove Programs)
;   /DVIVERSION=1.2.3.0    the same as four numbers (Windows version resource)
;   /DAPP_EXE=path         the signed 64-bit app
;   /DOUTFILE=path         the installer to write
;   /DSIGN_CMD=command     optional: signs the uninstaller and the installer
;                          (%1 is the file; see scripts/windows-sign.sh)
;
; No administrator rights: the app goes to %LocalAppData%\Programs, the
; Start-menu entry to the user's own Start menu, the Add/Remove Programs
; entry to HKCU. Silent install: /S. Silent uninstall: uninstall.exe /S;
; the data folder (%AppData%\SupportPortal) stays unless /DELETEDATA is
; given (or, interactively, its box is ticked).

; A 64-bit installer for a 64-bit app (it also runs under a 64-bit-only Wine).
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "Sections.nsh"

!ifndef VERSION
  !error "VERSION is required (/DVERSION=1.2.3)"
!endif
!ifndef VIVERSION
  !error "VIVERSION is required (/DVIVERSION=1.2.3.0)"
!endif
!ifndef APP_EXE
  !error "APP_EXE is required (/DAPP_EXE=path\to\supportportal.exe)"
!endif
!ifndef OUTFILE
  !define OUTFILE "supportportal-${VERSION}-windows-amd64-setup.exe"
!endif

!define PRODUCT     "Support Portal"
!define PUBLISHER   "Support Portal"
!define EXE_NAME    "supportportal.exe"
!define REG_KEY     "Software\SupportPortal"
!define UNINST_KEY  "Software\Microsoft\Windows\CurrentVersion\Uninstall\SupportPortal"
; The app's data folder (internal/datadir: the user config dir + SupportPortal).
!define DATA_FOLDER "$APPDATA\SupportPortal"

!ifdef SIGN_CMD
  !uninstfinalize '${SIGN_CMD} "%1"' = 0
  !finalize '${SIGN_CMD} "%1"' = 0
!endif

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${REG_KEY}" "InstallDir"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VIVERSION}"
VIFileVersion    "${VIVERSION}"
VIAddVersionKey "ProductName"     "${PRODUCT}"
VIAddVersionKey "CompanyName"     "${PUBLISHER}"
VIAddVersionKey "FileDescription" "${PRODUCT} Setup"
VIAddVersionKey "ProductVersion"  "${VERSION}"
VIAddVersionKey "FileVersion"     "${VERSION}"
VIAddVersionKey "LegalCopyright"  "Copyright 2026 the Support Portal authors"

!define MUI_ICON   "..\icon.ico"
!define MUI_UNICON "..\icon.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE_NAME}"
!define MUI_UNCOMPONENTSPAGE_TEXT_TOP "Your cases, drafts and settings are kept for a later installation unless you tick the box."

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "German"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "${PRODUCT} needs 64-bit Windows." /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext current
FunctionEnd

Section "Install"
  SetOutPath "$INSTDIR"
  File "/oname=${EXE_NAME}" "${APP_EXE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${EXE_NAME}" "" "$INSTDIR\${EXE_NAME}" 0

  WriteRegStr HKCU "${REG_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${EXE_NAME},0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "un.${PRODUCT}" SecUninstall
  SectionIn RO
  Delete "$INSTDIR\${EXE_NAME}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "${REG_KEY}"
SectionEnd

Section /o "un.Delete my data (cases, drafts, settings)" SecDeleteData
  RMDir /r "${DATA_FOLDER}"
SectionEnd

; After the sections: it names one of them.
Function un.onInit
  SetRegView 64
  SetShellVarContext current
  ; /DELETEDATA on the command line ticks "Delete my data" (silent too).
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/DELETEDATA" $R1
  ${IfNot} ${Errors}
    !insertmacro SelectSection ${SecDeleteData}
  ${EndIf}
FunctionEnd
