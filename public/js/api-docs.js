// Renders /api/openapi.json with Swagger UI (an external file: the CSP allows no inline scripts).
window.SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
