; Per-user Windows installer for Support Portal (NSIS 3.08 or newer).
; Built by scripts/windows-installer.sh, which passes:
;   /DVERSION=1.2.3        the app version (semver, shown in Add/Remove Programs)
;   /DVIVERSION=1.2.3.0    the same as four numbers (Windows version resource)
;   /DAPP_EXE=path         the signed 64-bit app
;   /DOUTFILE=path         the installer to write
;   /DSIGN_CMD=command     optional: signs the uninstaller and the installer
;                          (%1 is the file; see scripts/windows-sign.sh)
; (The support server the app signs in to is built into APP_EXE:
; SERVER_URL=https://… scripts/windows-installer.sh.)
;
; No administrator rights: the app goes to %LocalAppData%\Programs, the
; Start-menu entry to the user's own Start menu, the Add/Remove Programs
; entry to HKCU. Silent install: /S. Silent uninstall: uninstall.exe /S;
; the data folder (%AppData%\SupportPortal) stays unless /DELETEDATA is
; given (or, interactively, its box is ticked).
;
; /SERVER=https://support.example.com sets the support server the app signs
; in to, for an installer shared by several vendors' customers: it writes
; server-url.txt next to the app (internal/serverpreset), which the app
; prefers to the address built into it. Without /SERVER a reinstall keeps
; the file; the uninstaller removes it.
;
; supportportal:// links (the invitation and password-reset e-mails, the
; set-password page's "Open in the app") open the app: the installer
; registers the scheme for the user (HKCU\Software\Classes\supportportal)
; and the uninstaller removes it when it still names this install.
;
; The installer also checks for the WebView2 runtime the app needs (a
; notice with the download link when it is missing; silent installs only
; log it), gives the Start-menu shortcut the app's AppUserModelID, and
; writes what it did to install.log in the install folder.

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
; The Windows AppUserModelID (internal/appid): the executable's name,
; because Wails sends notifications under it. A Go test keeps these
; defines equal to the app's constants.
!define APP_USER_MODEL_ID "supportportal.exe"
; The Evergreen WebView2 runtime: its client key (Microsoft's "Detect if
; a WebView2 Runtime is already installed") and the bootstrapper's link,
; which installs it for the user without administrator rights
; (internal/fatalbox names the same link).
!define WEBVIEW2_CLIENT "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define WEBVIEW2_URL "https://go.microsoft.com/fwlink/p/?LinkId=2124703"
!define REG_KEY     "Software\SupportPortal"
!define UNINST_KEY  "Software\Microsoft\Windows\CurrentVersion\Uninstall\SupportPortal"
!define AUMID_KEY   "Software\Classes\AppUserModelId\${APP_USER_MODEL_ID}"
; The app's URL scheme (internal/applink.Scheme; a Go test keeps them equal)
; and the file the installer's /SERVER= writes (internal/serverpreset).
!define URL_SCHEME  "supportportal"
!define URL_KEY     "Software\Classes\${URL_SCHEME}"
!define SERVER_FILE "server-url.txt"
; go-toast's default activation class, which it points at the first app
; using it (git.sr.ht/~jackmordaunt/go-toast/v2 wintoast/impl.go).
!define GO_TOAST_CLSID "{0F82E845-CB89-4039-BDBF-67CA33254C76}"
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

LangString WEBVIEW2_MISSING ${LANG_ENGLISH} "${PRODUCT} needs the Microsoft Edge WebView2 Runtime, which is not installed on this computer. ${PRODUCT} cannot start without it.$\r$\n$\r$\nOpen the download page now? (${WEBVIEW2_URL})"
LangString WEBVIEW2_MISSING ${LANG_GERMAN} "${PRODUCT} benötigt die Microsoft Edge WebView2 Runtime, die auf diesem Computer nicht installiert ist. Ohne sie kann ${PRODUCT} nicht starten.$\r$\n$\r$\nDownload-Seite jetzt öffnen? (${WEBVIEW2_URL})"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "${PRODUCT} needs 64-bit Windows." /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext current
FunctionEnd

; WebView2Version sets $R9 to the installed WebView2 runtime's version, ""
; when there is none: the "pv" value of its client key, per machine (the
; 32-bit view, where its updater writes) or per user; "" and 0.0.0.0 mean
; not installed.
Function WebView2Version
  ReadRegStr $R9 HKLM "SOFTWARE\WOW6432Node\${WEBVIEW2_CLIENT}" "pv"
  ${If} $R9 == ""
  ${OrIf} $R9 == "0.0.0.0"
    ReadRegStr $R9 HKCU "Software\${WEBVIEW2_CLIENT}" "pv"
  ${EndIf}
  ${If} $R9 == "0.0.0.0"
    StrCpy $R9 ""
  ${EndIf}
FunctionEnd

; ServerOption sets $R1 to the value of /SERVER= on the command line, ""
; when there is none: up to the next space (an address has none), quotes
; around it dropped. (GetOptions cannot be used: it takes every "/" for
; the start of the next option, and an address has several.)
Function ServerOption
  Push $0
  Push $1
  Push $2
  Push $3
  ${GetParameters} $0
  StrCpy $R1 ""
  StrLen $1 $0
  StrCpy $2 0
  server_find:
    IntCmp $2 $1 server_done 0 server_done
    StrCpy $3 $0 8 $2
    ; StrCmp ignores case: /server= works too.
    StrCmp $3 "/SERVER=" server_found
    IntOp $2 $2 + 1
    Goto server_find
  server_found:
    ; Only at the start of an option: the line's start or after a space.
    ${If} $2 > 0
      IntOp $3 $2 - 1
      StrCpy $3 $0 1 $3
      ${If} $3 != " "
        IntOp $2 $2 + 1
        Goto server_find
      ${EndIf}
    ${EndIf}
    IntOp $2 $2 + 8
    StrCpy $R1 $0 "" $2
    StrCpy $2 0
  server_cut:
    StrCpy $3 $R1 1 $2
    StrCmp $3 "" server_unquote
    StrCmp $3 " " 0 +3
      StrCpy $R1 $R1 $2
      Goto server_unquote
    IntOp $2 $2 + 1
    Goto server_cut
  server_unquote:
    StrCpy $3 $R1 1
    ${If} $3 == '"'
      StrCpy $R1 $R1 "" 1
      StrCpy $3 $R1 1 -1
      ${If} $3 == '"'
        StrCpy $R1 $R1 -1
      ${EndIf}
    ${EndIf}
  server_done:
  Pop $3
  Pop $2
  Pop $1
  Pop $0
FunctionEnd

Section "Install"
  SetOutPath "$INSTDIR"
  File "/oname=${EXE_NAME}" "${APP_EXE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  FileOpen $R7 "$INSTDIR\install.log" w
  FileWrite $R7 "${PRODUCT} ${VERSION} installed in $INSTDIR$\r$\n"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${EXE_NAME}" "" "$INSTDIR\${EXE_NAME}" 0
  ; The app sets its AppUserModelID for its windows; the shortcut must carry
  ; the same one, or the taskbar shows a pinned shortcut and the running
  ; app as two buttons. NSIS cannot set it, the app can (shortcut-appid).
  ClearErrors
  ExecWait '"$INSTDIR\${EXE_NAME}" shortcut-appid "$SMPROGRAMS\${PRODUCT}.lnk"' $R8
  ${If} ${Errors}
    StrCpy $R8 "failed: the app did not run"
  ${ElseIf} $R8 == 0
    StrCpy $R8 "set"
  ${Else}
    StrCpy $R8 "failed: exit code $R8"
  ${EndIf}
  DetailPrint "Start-menu shortcut AppUserModelID ${APP_USER_MODEL_ID}: $R8"
  FileWrite $R7 "Start-menu shortcut AppUserModelID ${APP_USER_MODEL_ID}: $R8$\r$\n"

  ; supportportal:// links start the app with the link as its argument;
  ; a running app gets it handed over (internal/applink).
  WriteRegStr HKCU "${URL_KEY}" "" "URL:${PRODUCT} link"
  WriteRegStr HKCU "${URL_KEY}" "URL Protocol" ""
  WriteRegStr HKCU "${URL_KEY}\DefaultIcon" "" "$INSTDIR\${EXE_NAME},0"
  WriteRegStr HKCU "${URL_KEY}\shell\open\command" "" '"$INSTDIR\${EXE_NAME}" "%1"'
  FileWrite $R7 "${URL_SCHEME}:// links open $INSTDIR\${EXE_NAME}$\r$\n"

  ; /SERVER=URL: the support server this installation signs in to.
  Call ServerOption
  ${If} $R1 != ""
    FileOpen $R6 "$INSTDIR\${SERVER_FILE}" w
    FileWrite $R6 "# The support server the app signs in to (written by the installer's /SERVER=).$\r$\n$R1$\r$\n"
    FileClose $R6
    DetailPrint "Support server: $R1"
    FileWrite $R7 "Support server: $R1 (${SERVER_FILE})$\r$\n"
  ${EndIf}

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
  ; The app cannot start without WebView2 (it says so itself, too).
  Call WebView2Version
  ${If} $R9 == ""
    DetailPrint "WebView2 Runtime: missing; download: ${WEBVIEW2_URL}"
    FileWrite $R7 "WebView2 Runtime: missing; download: ${WEBVIEW2_URL}$\r$\n"
    MessageBox MB_YESNO|MB_ICONEXCLAMATION "$(WEBVIEW2_MISSING)" /SD IDNO IDNO webview2_done
    ExecShell "open" "${WEBVIEW2_URL}"
    webview2_done:
  ${Else}
    DetailPrint "WebView2 Runtime: $R9"
    FileWrite $R7 "WebView2 Runtime: $R9$\r$\n"
  ${EndIf}
  FileClose $R7

  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "un.${PRODUCT}" SecUninstall
  SectionIn RO
  ; What the app registered for its notifications: its AppUserModelID's
  ; name and icon (internal/appid), and the COM class that brings a
  ; clicked notification back to it (Wails, and go-toast's shared class
  ; when it points to this app), each only when it is this app's.
  ReadRegStr $0 HKCU "${AUMID_KEY}" "CustomActivator"
  ${If} $0 != ""
    ReadRegStr $1 HKCU "Software\Classes\CLSID\$0\LocalServer32" ""
    ${If} $1 == '"$INSTDIR\${EXE_NAME}" %1'
    ${OrIf} $1 == "$INSTDIR\${EXE_NAME}"
      DeleteRegKey HKCU "Software\Classes\CLSID\$0"
    ${EndIf}
  ${EndIf}
  ReadRegStr $1 HKCU "Software\Classes\CLSID\${GO_TOAST_CLSID}\LocalServer32" ""
  ${If} $1 == "$INSTDIR\${EXE_NAME}"
    DeleteRegKey HKCU "Software\Classes\CLSID\${GO_TOAST_CLSID}"
  ${EndIf}
  DeleteRegKey HKCU "${AUMID_KEY}"
  ; The URL scheme, unless another installation has taken it since.
  ReadRegStr $1 HKCU "${URL_KEY}\shell\open\command" ""
  ${If} $1 == '"$INSTDIR\${EXE_NAME}" "%1"'
    DeleteRegKey HKCU "${URL_KEY}"
  ${EndIf}

  Delete "$INSTDIR\${EXE_NAME}"
  Delete "$INSTDIR\${SERVER_FILE}"
  Delete "$INSTDIR\uninstall.exe"
  Delete "$INSTDIR\install.log"
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
