// Stylesheets are imported for their effect; Vite extracts them into one CSS file.
declare module '*.css' {}
